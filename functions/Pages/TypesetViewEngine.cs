using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewEngines;
using SupplierAssessment.Adapters;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages;

/// <summary>
/// Every page rendered in French goes through <see cref="Typography.PunctuateHtml"/> once, as a whole: the narrow
/// no-break spaces before <c>: ; ? !</c> and inside « » are the same on every page (as in the report, its PDF and the
/// emails), and no view writes them by hand. Only the main view is wrapped (its layout and partials render inside
/// it); markup, attributes other than the visible ones, scripts and what a reader typed are left as they are.
/// English pages are written straight through, unbuffered.
/// </summary>
public sealed class TypesetViewEngine(CompositeViewEngine inner) : ICompositeViewEngine
{
    public IReadOnlyList<IViewEngine> ViewEngines => inner.ViewEngines;

    public ViewEngineResult FindView(ActionContext context, string viewName, bool isMainPage) =>
        Typeset(inner.FindView(context, viewName, isMainPage), isMainPage);

    public ViewEngineResult GetView(string? executingFilePath, string viewPath, bool isMainPage) =>
        Typeset(inner.GetView(executingFilePath, viewPath, isMainPage), isMainPage);

    private static ViewEngineResult Typeset(ViewEngineResult found, bool isMainPage) =>
        isMainPage && found.Success ? ViewEngineResult.Found(found.ViewName, new TypesetView(found.View)) : found;

    private sealed class TypesetView(IView inner) : IView
    {
        public string Path => inner.Path;

        public async Task RenderAsync(ViewContext context)
        {
            var language = PageLanguage.Of(context.HttpContext);
            if (language == "en")
            {
                await inner.RenderAsync(context);
                return;
            }
            var page = context.Writer;
            await using var buffer = new StringWriter();
            context.Writer = buffer;
            try
            {
                await inner.RenderAsync(context);
            }
            finally
            {
                context.Writer = page;
            }
            await page.WriteAsync(Typography.PunctuateHtml(buffer.ToString(), language));
        }
    }
}
