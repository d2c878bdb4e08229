using System.Globalization;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Questionnaires;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages;

/// <summary>
/// The supplier's declarations as the review and report pages show them (issue #9): each question with its answer (a
/// scale level with its label, an option, a text, evidence files with their download links, or N/A with its
/// justification) and the cells it feeds. Everything the supplier typed is encoded by Razor where it is shown.
/// </summary>
/// <param name="Language">"en" or "fr".</param>
/// <param name="CellLink">The link that picks a cell on this page (the review grid), or null where cells are plain text.</param>
public sealed record DeclarationsView(
    string Language, QuestionnaireTemplate Template, Answers Answers, string ProcurementId, string AssessmentId, Func<Cell, string>? CellLink = null)
{
    public string T(string en, string fr) => PageLanguage.Pick(Language, en, fr);

    /// <summary>Every question, topic by topic.</summary>
    public IReadOnlyList<(Topic Topic, IReadOnlyList<Declaration> Declarations)> ByTopic => Declarations.ByTopic(Template, Answers);

    /// <summary>The answers and evidence behind one cell.</summary>
    public IReadOnlyList<Declaration> Behind(Cell cell) => Declarations.Behind(Template, Answers, cell);

    /// <summary>The evidence file's download (<c>GET /api/…/evidence/{fileId}</c>: the API's access rule, signed in by the page's cookie).</summary>
    public string EvidenceUrl(EvidenceFile file) =>
        $"/api/procurements/{Uri.EscapeDataString(ProcurementId)}/assessments/{Uri.EscapeDataString(AssessmentId)}/evidence/{Uri.EscapeDataString(file.Id)}";

    /// <summary>"3 · Standard, defined process", the option's label, the text; null for evidence, N/A and no answer (shown otherwise).</summary>
    public string? AnswerText(Declaration declaration) => declaration.Answer switch
    {
        ScaleAnswer scale => $"{scale.Level} · {(scale.Level < Template.ScaleLabels.Count ? Template.ScaleLabels[scale.Level].In(Language) : "")}",
        ChoiceAnswer choice => declaration.Question.Option(choice.OptionId)?.Label.In(Language) ?? choice.OptionId,
        TextAnswer text => text.Text,
        _ => null,
    };

    /// <summary>"12.4 KB", "3 bytes": a file's size for people.</summary>
    public string Size(long bytes) => bytes switch
    {
        < 1024 => T($"{bytes} bytes", $"{bytes} octets"),
        < 1024 * 1024 => string.Format(CultureInfo.InvariantCulture, "{0:0.#} {1}", bytes / 1024.0, T("KB", "Ko")),
        _ => string.Format(CultureInfo.InvariantCulture, "{0:0.#} {1}", bytes / (1024.0 * 1024), T("MB", "Mo")),
    };
}

/// <summary>One declaration on a page (the partial <c>Shared/_Declaration</c>).</summary>
public sealed record DeclarationItemView(DeclarationsView Page, Declaration Declaration);
