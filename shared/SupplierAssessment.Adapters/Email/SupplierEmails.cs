using System.Globalization;
using System.Net;
using SupplierAssessment.Domain.Assessments;

namespace SupplierAssessment.Adapters.Email;

/// <summary>
/// The emails a supplier gets — the invitation with its personal link and the reminders — in the supplier's language
/// ("en" or "fr"). Each language's words are in one record below; French ones go through <see cref="Typography"/>.
/// Both say the due date and its time zone: the link works through that whole day there (issue 10).
/// </summary>
public static class SupplierEmails
{
    private sealed record Words(
        string Hello, string Invited, string DueBy, string OpenQuestionnaire, string SaveAndSubmit,
        string InvitationSubject, string ReminderSubject, string NotSubmitted, string DaysLeft, string DayLeft, string LastDay,
        string ReopenWithLink, string LostLink, string MovedSubject, string Moved);

    private static readonly Words English = new(
        Hello: "Hello {0},",
        Invited: "You are invited to answer the security questionnaire of the procurement \"{0}\".",
        DueBy: "Answers are due by {0}: your personal link works until then.",
        OpenQuestionnaire: "Open your questionnaire",
        SaveAndSubmit: "You can save your answers and come back as often as you need; submitting is final. Keep this link to yourself.",
        InvitationSubject: "Security questionnaire for {0}",
        ReminderSubject: "Reminder: the security questionnaire for {0} is due on {1}",
        NotSubmitted: "Your security questionnaire for the procurement \"{0}\" is not submitted yet.",
        DaysLeft: "{0} days are left.",
        DayLeft: "{0} day is left.",
        LastDay: "Today is the last day.",
        ReopenWithLink: "Open it again with the personal link from your invitation email; your saved answers are kept.",
        LostLink: "If you lost it, ask the project manager to resend it.",
        MovedSubject: "New due date for the security questionnaire for {0}: {1}",
        Moved: "The due date of your security questionnaire for the procurement \"{0}\" has moved.");

    private static readonly Words French = new(
        Hello: "Bonjour {0},",
        Invited: "Vous êtes invité à répondre au questionnaire de sécurité de la consultation « {0} ».",
        DueBy: "Les réponses sont attendues au plus tard le {0} : votre lien personnel fonctionne jusque-là.",
        OpenQuestionnaire: "Ouvrir votre questionnaire",
        SaveAndSubmit: "Vous pouvez enregistrer vos réponses et revenir autant de fois que nécessaire ; l'envoi est définitif. Gardez ce lien pour vous.",
        InvitationSubject: "Questionnaire de sécurité pour {0}",
        ReminderSubject: "Rappel : le questionnaire de sécurité pour {0} est attendu le {1}",
        NotSubmitted: "Votre questionnaire de sécurité pour la consultation « {0} » n'est pas encore envoyé.",
        DaysLeft: "Il reste {0} jours.",
        DayLeft: "Il reste {0} jour.",
        LastDay: "C'est aujourd'hui le dernier jour.",
        ReopenWithLink: "Ouvrez-le de nouveau avec le lien personnel de votre courriel d'invitation ; vos réponses enregistrées sont conservées.",
        LostLink: "Si vous l'avez perdu, demandez au chef de projet de vous le renvoyer.",
        MovedSubject: "Nouvelle date limite pour le questionnaire de sécurité pour {0} : {1}",
        Moved: "La date limite de votre questionnaire de sécurité pour la consultation « {0} » a changé.");

    /// <summary>The invitation: who invites, the personal link, and the due date with its zone.</summary>
    public static (string Subject, string Html, string Text) Invitation(
        string supplierName, string procurementName, Uri link, AnswerDeadline due, string language)
    {
        var w = For(language);
        string T(string template, params object[] values) => Format(template, language, values);
        var url = link.ToString();
        var dueBy = T(w.DueBy, Typography.DueDate(due.Date, due.TimeZone, language));
        var text = $"{T(w.Hello, supplierName)}\n\n{T(w.Invited, procurementName)}\n{dueBy}\n{url}\n\n{T(w.SaveAndSubmit)}\n";
        var html = $"<p>{E(T(w.Hello, supplierName))}</p><p>{E(T(w.Invited, procurementName))}</p>"
            + $"<p><a href=\"{E(url)}\">{E(T(w.OpenQuestionnaire))}</a></p><p>{E(dueBy)}</p><p>{E(T(w.SaveAndSubmit))}</p>";
        return (T(w.InvitationSubject, procurementName), html, text);
    }

    /// <summary>
    /// A reminder: the questionnaire is not submitted, <paramref name="daysLeft"/> days remain until the due date (0: the
    /// due day itself). With <paramref name="link"/> (the kept personal link) it opens the questionnaire; without one
    /// (a link made before links were kept) it sends the supplier back to the invitation.
    /// </summary>
    public static (string Subject, string Html, string Text) Reminder(
        string supplierName, string procurementName, Uri? link, AnswerDeadline due, int daysLeft, string language)
    {
        var w = For(language);
        string T(string template, params object[] values) => Format(template, language, values);
        var left = daysLeft <= 0 ? T(w.LastDay) : T(Typography.IsSingular(daysLeft, language) ? w.DayLeft : w.DaysLeft, daysLeft);
        var dueBy = T(w.DueBy, Typography.DueDate(due.Date, due.TimeZone, language));
        var hello = T(w.Hello, supplierName);
        var subject = T(w.ReminderSubject, procurementName, Typography.Date(due.Date, language));
        if (link is null)
        {
            var body = $"{T(w.NotSubmitted, procurementName)} {left} {dueBy} {T(w.ReopenWithLink)} {T(w.LostLink)}";
            return (subject, $"<p>{E(hello)}</p><p>{E(body)}</p>", $"{hello}\n\n{body}\n");
        }
        var url = link.ToString();
        var intro = $"{T(w.NotSubmitted, procurementName)} {left} {dueBy}";
        return (subject,
            $"<p>{E(hello)}</p><p>{E(intro)}</p><p><a href=\"{E(url)}\">{E(T(w.OpenQuestionnaire))}</a></p><p>{E(T(w.SaveAndSubmit))}</p>",
            $"{hello}\n\n{intro}\n{url}\n\n{T(w.SaveAndSubmit)}\n");
    }

    /// <summary>
    /// The due date moved: the new date and zone, and the supplier's link (the same one: it works until then) when it is
    /// kept, else the way back to the invitation.
    /// </summary>
    public static (string Subject, string Html, string Text) DueDateMoved(
        string supplierName, string procurementName, Uri? link, AnswerDeadline due, string language)
    {
        var w = For(language);
        string T(string template, params object[] values) => Format(template, language, values);
        var hello = T(w.Hello, supplierName);
        var intro = $"{T(w.Moved, procurementName)} {T(w.DueBy, Typography.DueDate(due.Date, due.TimeZone, language))}";
        var subject = T(w.MovedSubject, procurementName, Typography.Date(due.Date, language));
        if (link is null)
        {
            var body = $"{intro} {T(w.ReopenWithLink)} {T(w.LostLink)}";
            return (subject, $"<p>{E(hello)}</p><p>{E(body)}</p>", $"{hello}\n\n{body}\n");
        }
        var url = link.ToString();
        return (subject,
            $"<p>{E(hello)}</p><p>{E(intro)}</p><p><a href=\"{E(url)}\">{E(T(w.OpenQuestionnaire))}</a></p>",
            $"{hello}\n\n{intro}\n{url}\n");
    }

    private static string Format(string template, string language, object[] values) =>
        Typography.Punctuate(string.Format(CultureInfo.InvariantCulture, template, values), language);

    private static Words For(string language) => language == "fr" ? French : English;

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
