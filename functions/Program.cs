using SupplierAssessment.Functions;
using SupplierAssessment.Functions.Functions;

// "write-function-folders <dir>": writes each function's folder and function.json from the one list (publish step).
if (args is ["write-function-folders", var appRoot])
{
    FunctionCatalog.WriteFunctionFolders(appRoot);
    return;
}

var app = SupplierAssessmentApp.Build(args);
app.Run();
