using System.Globalization;
using System.Net;

namespace SupplierAssessment.Adapters.Email;

/// <summary>
/// The email a security expert gets when a project manager assigns them an assessment to review, in the expert's
/// language ("en" or "fr"); each language's words are in one record below, French ones through <see cref="Typography"/>.
/// </summary>
public static class ExpertEmails
{
    private sealed record Words(string Subject, string Hello, string Assigned, string Open, string Steps);

    private static readonly Words English = new(
        Subject: "Review requested: {0} for {1}",
        Hello: "Hello,",
        Assigned: "You are assigned to review the security assessment of {0} for the procurement \"{1}\".",
        Open: "Open the review",
        Steps: "Correct the ratings you check on site, each with a note, then finalize: a verified report goes to the project manager.");

    private static readonly Words French = new(
        Subject: "Revue demandée : {0} pour {1}",
        Hello: "Bonjour,",
        Assigned: "Vous êtes chargé de la revue de l'évaluation de sécurité {0} pour la consultation « {1} ».",
        Open: "Ouvrir la revue",
        Steps: "Corrigez les notes que vous vérifiez sur site, chacune avec une note, puis finalisez : un rapport vérifié part au chef de projet.");

    /// <summary>The assignment: which supplier, which procurement, and the link to the review page.</summary>
    public static (string Subject, string Html, string Text) Assignment(string supplierName, string procurementName, Uri reviewLink, string language)
    {
        var w = language == "fr" ? French : English;
        string T(string template, params object[] values) =>
            Typography.Punctuate(string.Format(CultureInfo.InvariantCulture, template, values), language);
        var url = reviewLink.ToString();
        var whose = language == "fr" ? Typography.De(supplierName) : supplierName; // "de Beta", "d'Alpha"
        var text = $"{T(w.Hello)}\n\n{T(w.Assigned, whose, procurementName)}\n{T(w.Open + ":")} {url}\n\n{T(w.Steps)}\n";
        var html = $"<p>{E(T(w.Hello))}</p><p>{E(T(w.Assigned, whose, procurementName))}</p>"
            + $"<p><a href=\"{E(url)}\">{E(T(w.Open))}</a></p><p>{E(T(w.Steps))}</p>";
        return (T(w.Subject, supplierName, procurementName), html, text);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
