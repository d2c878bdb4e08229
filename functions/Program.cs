using SupplierAssessment.Functions;

var app = SupplierAssessmentApp.Build(args);
app.Run();
