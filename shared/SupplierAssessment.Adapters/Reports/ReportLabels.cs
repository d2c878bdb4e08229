namespace SupplierAssessment.Adapters.Reports;

/// <summary>The fixed words of the report and the email, in English and French.</summary>
internal sealed record ReportLabels
{
    public required string Language { get; init; }
    public required string Title { get; init; }
    public required string ReportVersion { get; init; }

    /// <summary>The words of the downloads' file names: "report", "action-plan".</summary>
    public required string ReportFile { get; init; }

    public required string ActionPlanFile { get; init; }
    public required string VerifiedBadge { get; init; }
    public required string DeclaredBadge { get; init; }
    public required string Procurement { get; init; }
    public required string Supplier { get; init; }
    public required string Date { get; init; }
    public required string Questionnaire { get; init; }
    public required string Profile { get; init; }
    public required string Version { get; init; }
    public required string ActiveAlertLevel { get; init; }
    public required string Summary { get; init; }
    public required string MissingPoints { get; init; }
    public required string ExceedingPoints { get; init; }
    public required string MissingAtLevel { get; init; }
    public required string SupplierActor { get; init; }
    public required string ProjectManagerActor { get; init; }
    public required string ExpertActor { get; init; }
    public required string Baseline { get; init; }
    public required string Grid { get; init; }
    public required string GridDescription { get; init; }
    public required string GridAsTable { get; init; }
    public required string ProcessArea { get; init; }
    public required string CommonFeature { get; init; }
    public required string NotCovered { get; init; }
    public required string FullyAchieved { get; init; }
    public required string LargelyAchieved { get; init; }
    public required string PartiallyAchieved { get; init; }
    public required string NotAchieved { get; init; }
    public required string TargetAt { get; init; }
    public required string Target { get; init; }
    public required string Achieved { get; init; }
    public required string Level { get; init; }
    public required string DeclaredRating { get; init; }
    public required string LevelChart { get; init; }
    public required string PointsPerAlertLevel { get; init; }
    public required string AlertLevel { get; init; }
    public required string Active { get; init; }
    public required string ActionPlan { get; init; }
    public required string Actions { get; init; }

    /// <summary>One action (and, in French, none: "0 action").</summary>
    public required string Action { get; init; }

    /// <summary><see cref="MissingAtLevel"/> after a count the language writes in the singular.</summary>
    public required string MissingAtLevelOne { get; init; }

    /// <summary>The words after a count of missing points in the email's subject: "missing points", "missing point".</summary>
    public required string MissingPointsCount { get; init; }

    public required string MissingPointCount { get; init; }
    public required string NoAction { get; init; }
    public required string HelpsReach { get; init; }
    public required string ClosesLevel { get; init; }
    public required string CurrentRating { get; init; }
    public required string GenericPractices { get; init; }
    public required string BasePractices { get; init; }
    public required string Checklist { get; init; }
    public required string ChecklistIntro { get; init; }
    public required string AllCovered { get; init; }
    public required string DeclaredVsVerified { get; init; }
    public required string Corrections { get; init; }
    public required string Cell { get; init; }
    public required string Declared { get; init; }
    public required string Verified { get; init; }
    public required string Note { get; init; }
    public required string Expert { get; init; }
    public required string MissingDeclaredVsVerified { get; init; }
    public required string SubjectReport { get; init; }
    public required string SubjectVerifiedReport { get; init; }
    public required string EmailIntro { get; init; }
    public required string OpenReport { get; init; }
    public required string TopActions { get; init; }
    public required string Actor { get; init; }

    public static ReportLabels For(string language) =>
        language.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? French : English;

    public static ReportLabels English { get; } = new()
    {
        Language = "en",
        Title = "Security capability report",
        ReportVersion = "Report version {0}",
        ReportFile = "report",
        ActionPlanFile = "action-plan",
        VerifiedBadge = "Verified by the security expert",
        DeclaredBadge = "Declared by the supplier",
        Procurement = "Procurement",
        Supplier = "Supplier",
        Date = "Date",
        Questionnaire = "Questionnaire",
        Profile = "Confidence profile",
        Version = "version",
        ActiveAlertLevel = "Active alert level",
        Summary = "Summary",
        MissingPoints = "Missing points",
        ExceedingPoints = "Exceeding points",
        MissingAtLevel = "missing points at alert level {0}",
        MissingAtLevelOne = "missing point at alert level {0}",
        MissingPointsCount = "missing points",
        MissingPointCount = "missing point",
        SupplierActor = "Supplier",
        ProjectManagerActor = "Project manager",
        ExpertActor = "Security expert",
        Baseline = "Uniform level {0} would require {1} more points; this profile saves {2} points.",
        Grid = "Capability grid",
        GridDescription = "Ratings of the 22 process areas (columns) by common feature (rows, 1.1 at the bottom); the outline is the target at alert level {0}.",
        GridAsTable = "The grid as a table",
        ProcessArea = "Process area",
        CommonFeature = "Common feature",
        NotCovered = "not covered",
        FullyAchieved = "F fully achieved (> 85 %)",
        LargelyAchieved = "L largely achieved (> 50–85 %)",
        PartiallyAchieved = "P partially achieved (> 15–50 %)",
        NotAchieved = "N not achieved (0–15 %)",
        TargetAt = "target at alert level {0}",
        Target = "target",
        Achieved = "achieved",
        Level = "level",
        DeclaredRating = "declared",
        LevelChart = "Achieved and target level per process area",
        PointsPerAlertLevel = "Points per alert level",
        AlertLevel = "Alert level",
        Active = "active",
        ActionPlan = "Action plan at alert level {0}",
        Actions = "actions",
        Action = "action",
        NoAction = "No action.",
        HelpsReach = "helps reach level {0}",
        ClosesLevel = "closes level {0}",
        CurrentRating = "current rating",
        GenericPractices = "Generic practices",
        BasePractices = "Base practices",
        Checklist = "On-site checklist",
        ChecklistIntro = "No answer covered these cells: they score as N until the expert checks them on site.",
        AllCovered = "Every cell is covered by an answer.",
        DeclaredVsVerified = "Declared vs verified",
        Corrections = "The expert's corrections",
        Cell = "Cell",
        Declared = "Declared",
        Verified = "Verified",
        Note = "Note",
        Expert = "Expert",
        MissingDeclaredVsVerified = "Missing points, declared and verified",
        SubjectReport = "[SupplierAssessment] {0}: {1} at {2} (report v{3})",
        SubjectVerifiedReport = "[SupplierAssessment] {0}: {1} at {2} (verified report v{3})",
        EmailIntro = "Report version {0} on {1} for {2} is ready.",
        OpenReport = "Open the full report",
        TopActions = "First actions",
        Actor = "Actor",
    };

    public static ReportLabels French { get; } = new()
    {
        Language = "fr",
        Title = "Rapport de capacité en sécurité",
        ReportVersion = "Rapport version {0}",
        ReportFile = "rapport",
        ActionPlanFile = "plan-d-action",
        VerifiedBadge = "Vérifié par l'expert sécurité",
        DeclaredBadge = "Déclaré par le fournisseur",
        Procurement = "Consultation",
        Supplier = "Fournisseur",
        Date = "Date",
        Questionnaire = "Questionnaire",
        Profile = "Profil de confiance",
        Version = "version",
        ActiveAlertLevel = "Niveau d'alerte actif",
        Summary = "Synthèse",
        MissingPoints = "Points manquants",
        ExceedingPoints = "Points excédentaires",
        MissingAtLevel = "points manquants au niveau d'alerte {0}",
        MissingAtLevelOne = "point manquant au niveau d'alerte {0}",
        MissingPointsCount = "points manquants",
        MissingPointCount = "point manquant",
        SupplierActor = "Fournisseur",
        ProjectManagerActor = "Chef de projet",
        ExpertActor = "Expert sécurité",
        Baseline = "Un niveau {0} uniforme exigerait {1} points de plus\u202F; ce profil économise {2} points.",
        Grid = "Grille de capacité",
        GridDescription = "Notes des 22 domaines de processus (colonnes) par caractéristique commune (lignes, 1.1 en bas)\u202F; le contour est la cible au niveau d'alerte {0}.",
        GridAsTable = "La grille sous forme de tableau",
        ProcessArea = "Domaine de processus",
        CommonFeature = "Caractéristique commune",
        NotCovered = "non couvert",
        FullyAchieved = "F totalement atteint (> 85 %)",
        LargelyAchieved = "L largement atteint (> 50–85 %)",
        PartiallyAchieved = "P partiellement atteint (> 15–50 %)",
        NotAchieved = "N non atteint (0–15 %)",
        TargetAt = "cible au niveau d'alerte {0}",
        Target = "cible",
        Achieved = "atteint",
        Level = "niveau",
        DeclaredRating = "déclaré",
        LevelChart = "Niveau atteint et niveau cible par domaine de processus",
        PointsPerAlertLevel = "Points par niveau d'alerte",
        AlertLevel = "Niveau d'alerte",
        Active = "actif",
        ActionPlan = "Plan d'action au niveau d'alerte {0}",
        Actions = "actions",
        Action = "action",
        NoAction = "Aucune action.",
        HelpsReach = "contribue au niveau {0}",
        ClosesLevel = "achève le niveau {0}",
        CurrentRating = "note actuelle",
        GenericPractices = "Pratiques génériques",
        BasePractices = "Pratiques de base",
        Checklist = "Liste de contrôle pour la visite sur site",
        ChecklistIntro = "Aucune réponse ne couvre ces cellules\u202F: elles valent N tant que l'expert ne les a pas vérifiées sur site.",
        AllCovered = "Chaque cellule est couverte par une réponse.",
        DeclaredVsVerified = "Déclaré et vérifié",
        Corrections = "Les corrections de l'expert",
        Cell = "Cellule",
        Declared = "Déclaré",
        Verified = "Vérifié",
        Note = "Note",
        Expert = "Expert",
        MissingDeclaredVsVerified = "Points manquants, déclarés et vérifiés",
        SubjectReport = "[SupplierAssessment] {0}\u202F: {1} au niveau {2} (rapport v{3})",
        SubjectVerifiedReport = "[SupplierAssessment] {0}\u202F: {1} au niveau {2} (rapport vérifié v{3})",
        EmailIntro = "Le rapport version {0} sur {1} pour {2} est prêt.",
        OpenReport = "Ouvrir le rapport complet",
        TopActions = "Premières actions",
        Actor = "Acteur",
    };

    /// <summary>Fills a label's placeholders with raw values: encode the result, not the parts.</summary>
    /// <summary>"1 action", "3 actions"; in French "0 action" too (<see cref="Typography.IsSingular"/>).</summary>
    public string ActionCount(int count) => $"{count} {(Typography.IsSingular(count, Language) ? Action : Actions)}";

    /// <summary>"1 missing point", "3 missing points" ("0 point manquant").</summary>
    public string MissingPointsOf(int count) => $"{count} {(Typography.IsSingular(count, Language) ? MissingPointCount : MissingPointsCount)}";

    /// <summary>What follows a count of missing points: "missing point(s) at alert level {0}" in the count's number.</summary>
    public string MissingAt(int count, string alertLevel) => Format(Typography.IsSingular(count, Language) ? MissingAtLevelOne : MissingAtLevel, alertLevel);

    public static string Format(string template, params object[] values) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, template, values);
}
