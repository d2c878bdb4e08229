namespace SupplierAssessment.Domain.Assessments;

/// <summary>
/// When a procurement's answers are due: a calendar date in the procurement's time zone (an IANA id, default
/// <see cref="DefaultTimeZone"/>). Suppliers' links work through the whole due day in that zone and stop at the next
/// midnight there (<see cref="ClosesAt"/>); reminders go out <see cref="ReminderDays"/> days before it (issue 10).
/// </summary>
/// <remarks>The zone's rules come from the system's time-zone database (Debian's tzdata, as on Azure's Linux workers).</remarks>
public sealed record AnswerDeadline
{
    /// <summary>The zone a procurement's due date is read in unless the project manager names another.</summary>
    public const string DefaultTimeZone = "Europe/Paris";

    /// <summary>The time a project manager gets to collect answers unless they set a date: 30 days.</summary>
    public const int DefaultDays = 30;

    /// <summary>The latest due date accepted: a year from today.</summary>
    public const int MaxDaysAhead = 366;

    /// <summary>The days before the due date when an unsubmitted supplier is reminded: 7 and 1.</summary>
    public static readonly IReadOnlyList<int> ReminderDays = [7, 1];

    private readonly TimeZoneInfo _zone;

    /// <exception cref="ArgumentException"><paramref name="timeZone"/> is not a time zone known to this machine.</exception>
    public AnswerDeadline(DateOnly date, string timeZone = DefaultTimeZone)
    {
        _zone = TryFindZone(timeZone) ?? throw new ArgumentException($"'{timeZone}' is not a known time zone (e.g. Europe/Paris).", nameof(timeZone));
        Date = date;
        TimeZone = _zone.Id;
    }

    /// <summary>The last day answers are accepted, in <see cref="TimeZone"/>.</summary>
    public DateOnly Date { get; }

    /// <summary>The IANA time zone the date is read in ("Europe/Paris").</summary>
    public string TimeZone { get; }

    /// <summary>The instant the due day ends in the zone (its next midnight there): links work strictly before it.</summary>
    public DateTimeOffset ClosesAt => StartOf(Date.AddDays(1));

    /// <summary>The calendar date it is at <paramref name="now"/> in the deadline's zone.</summary>
    public DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(System.TimeZoneInfo.ConvertTime(now, _zone).DateTime);

    /// <summary>Whole days from <paramref name="now"/>'s date in the zone to the due date: 0 on the due day, negative after it.</summary>
    public int DaysLeft(DateTimeOffset now) => Date.DayNumber - Today(now).DayNumber;

    /// <summary>The instant the given calendar day starts in the deadline's zone (the first valid local time when a clock change skips midnight).</summary>
    public DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (_zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }
        return new DateTimeOffset(local, _zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>
    /// The default deadline of a procurement created at <paramref name="createdAt"/>: <see cref="DefaultDays"/> days later,
    /// read in <paramref name="timeZone"/>.
    /// </summary>
    public static AnswerDeadline DefaultFor(DateTimeOffset createdAt, string timeZone = DefaultTimeZone)
    {
        var zone = TryFindZone(timeZone) ?? throw new ArgumentException($"'{timeZone}' is not a known time zone.", nameof(timeZone));
        var today = DateOnly.FromDateTime(System.TimeZoneInfo.ConvertTime(createdAt, zone).DateTime);
        return new AnswerDeadline(today.AddDays(DefaultDays), zone.Id);
    }

    /// <summary>
    /// Why <paramref name="date"/> cannot be a due date at <paramref name="now"/> (before today in the zone, or more than
    /// <see cref="MaxDaysAhead"/> days ahead), in English and French; null when it can.
    /// </summary>
    public static LocalizedText? Problem(DateOnly date, string timeZone, DateTimeOffset now)
    {
        var days = new AnswerDeadline(date, timeZone).DaysLeft(now);
        return days switch
        {
            < 0 => new("The due date is already past: choose today or a later day.", "La date limite est déjà passée : choisissez aujourd'hui ou un jour suivant."),
            > MaxDaysAhead => new($"Choose a due date within a year ({MaxDaysAhead} days).", $"Choisissez une date limite dans l'année ({MaxDaysAhead} jours)."),
            _ => null,
        };
    }

    /// <summary>The zone named <paramref name="timeZone"/> on this machine, or null (never throws).</summary>
    public static TimeZoneInfo? TryFindZone(string? timeZone) =>
        !string.IsNullOrWhiteSpace(timeZone) && timeZone.Length <= 64 && System.TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) ? zone : null;

    /// <summary>The due date as ISO 8601 ("2026-12-24"), as forms, the API and storage write it.</summary>
    public string IsoDate => Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The due date and its zone, for the audit trail: "2026-12-24 (Europe/Paris)".</summary>
    public override string ToString() => $"{IsoDate} ({TimeZone})";

    /// <summary>
    /// A due date as typed: <paramref name="typedDate"/> in ISO 8601 ("2027-01-15"; empty or null: <see cref="DefaultFor"/>
    /// <paramref name="now"/>) in <paramref name="typedZone"/> (empty or null: <see cref="DefaultTimeZone"/>), checked with
    /// <see cref="Problem"/>. Returns the deadline, or each field at fault ("answersDue", "timeZone") and why, in English
    /// and French — the one reading the API and the pages share. A date that is not one is named even when the zone is
    /// wrong too; whether it is in range is known once the zone is.
    /// </summary>
    public static (AnswerDeadline? Deadline, IReadOnlyDictionary<string, LocalizedText> Problems) Read(string? typedDate, string? typedZone, DateTimeOffset now)
    {
        var problems = new Dictionary<string, LocalizedText>(StringComparer.Ordinal);
        var timeZone = string.IsNullOrWhiteSpace(typedZone) ? DefaultTimeZone : typedZone.Trim();
        if (TryFindZone(timeZone) is null)
        {
            problems["timeZone"] = new($"'{timeZone}' is not a time zone this service knows: give an IANA name such as Europe/Paris.",
                $"« {timeZone} » n'est pas un fuseau horaire connu : indiquez un nom IANA comme Europe/Paris.");
        }
        DateOnly date = default;
        if (!string.IsNullOrWhiteSpace(typedDate)
            && !DateOnly.TryParseExact(typedDate.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out date))
        {
            problems["answersDue"] = new("Give the due date as a calendar date, e.g. 2027-01-15.", "Indiquez la date limite sous forme de date, par exemple 2027-01-15.");
        }
        if (problems.Count > 0)
        {
            return (null, problems);
        }
        if (string.IsNullOrWhiteSpace(typedDate))
        {
            return (DefaultFor(now, timeZone), problems);
        }
        if (Problem(date, timeZone, now) is { } problem)
        {
            problems["answersDue"] = problem;
            return (null, problems);
        }
        return (new AnswerDeadline(date, timeZone), problems);
    }

    public bool Equals(AnswerDeadline? other) => other is not null && other.Date == Date && other.TimeZone == TimeZone;

    public override int GetHashCode() => HashCode.Combine(Date, TimeZone);
}
