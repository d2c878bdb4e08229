using System.Net;

namespace SupplierAssessment.Adapters.Email;

/// <summary>
/// The emails a supplier gets — the invitation with its personal link and the reminder — in the supplier's language
/// ("en" or "fr"). Each language's words are in one record below; French ones go through <see cref="Typography"/>.
/// </summary>
public static class SupplierEmails
{
    private sealed record Words(
        string Hello, string Invited, string OpenLink, string OpenQuestionnaire, string ValidUntil, string SaveAndSubmit,
        string InvitationSubject, string ReminderSubject, string NotSubmitted, string ReopenWithLink, string ExpiresIn, string ExpiresInOne, string LostLink);

    private static readonly Words English = new(
        Hello: "Hello {0},",
        Invited: "You are invited to answer the security questionnaire of the procurement \"{0}\".",
        OpenLink: "Open your personal link (valid until {0}):",
        OpenQuestionnaire: "Open your questionnaire",
        ValidUntil: "(valid until {0}).",
        SaveAndSubmit: "You can save your answers and come back as often as you need; submitting is final. Keep this link to yourself.",
        InvitationSubject: "Security questionnaire for {0}",
        ReminderSubject: "Reminder: your security questionnaire is waiting",
        NotSubmitted: "The security questionnaire you were invited to answer is not submitted yet.",
        ReopenWithLink: "Open it again with the personal link from your invitation email; your saved answers are kept.",
        ExpiresIn: "The link expires in {0} days.",
        ExpiresInOne: "The link expires in {0} day.",
        LostLink: "If you lost it, ask the project manager to resend it.");

    private static readonly Words French = new(
        Hello: "Bonjour {0},",
        Invited: "Vous êtes invité à répondre au questionnaire de sécurité de la consultation « {0} ».",
        OpenLink: "Ouvrez votre lien personnel (valable jusqu'au {0}) :",
        OpenQuestionnaire: "Ouvrir votre questionnaire",
        ValidUntil: "(valable jusqu'au {0}).",
        SaveAndSubmit: "Vous pouvez enregistrer vos réponses et revenir autant de fois que nécessaire ; l'envoi est définitif. Gardez ce lien pour vous.",
        InvitationSubject: "Questionnaire de sécurité pour {0}",
        ReminderSubject: "Rappel : votre questionnaire de sécurité vous attend",
        NotSubmitted: "Le questionnaire de sécurité auquel vous avez été invité n'est pas encore envoyé.",
        ReopenWithLink: "Ouvrez-le de nouveau avec le lien personnel de votre courriel d'invitation ; vos réponses enregistrées sont conservées.",
        ExpiresIn: "Le lien expire dans {0} jours.",
        ExpiresInOne: "Le lien expire dans {0} jour.",
        LostLink: "Si vous l'avez perdu, demandez au chef de projet de vous le renvoyer.");

    /// <summary>The invitation: who invites, the personal link and until when it is valid.</summary>
    public static (string Subject, string Html, string Text) Invitation(
        string supplierName, string procurementName, Uri link, DateTimeOffset validUntil, string language)
    {
        var w = For(language);
        var until = Typography.Date(validUntil, language);
        string T(string template, params object[] values) => Typography.Punctuate(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, values), language);
        var url = link.ToString();
        var text = $"{T(w.Hello, supplierName)}\n\n{T(w.Invited, procurementName)}\n{T(w.OpenLink, until)}\n{url}\n\n{T(w.SaveAndSubmit)}\n";
        var html = $"<p>{E(T(w.Hello, supplierName))}</p><p>{E(T(w.Invited, procurementName))}</p>"
            + $"<p><a href=\"{E(url)}\">{E(T(w.OpenQuestionnaire))}</a> {E(T(w.ValidUntil, until))}</p><p>{E(T(w.SaveAndSubmit))}</p>";
        return (T(w.InvitationSubject, procurementName), html, text);
    }

    /// <summary>The reminder: the questionnaire is not submitted, the link from the invitation still works for <paramref name="days"/> days.</summary>
    public static (string Subject, string Html, string Text) Reminder(int days, string language)
    {
        var w = For(language);
        string T(string template, params object[] values) => Typography.Punctuate(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, values), language);
        var body = $"{T(w.NotSubmitted)} {T(w.ReopenWithLink)} {T(Typography.IsSingular(days, language) ? w.ExpiresInOne : w.ExpiresIn, days)} {T(w.LostLink)}";
        var hello = T(w.Hello, "").Replace(" ,", ",", StringComparison.Ordinal);
        return (T(w.ReminderSubject), $"<p>{E(hello)}</p><p>{E(body)}</p>", $"{hello}\n\n{body}\n");
    }

    private static Words For(string language) => language == "fr" ? French : English;

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
