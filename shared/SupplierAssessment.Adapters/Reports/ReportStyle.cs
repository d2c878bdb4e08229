using System.Security.Cryptography;
using System.Text;

namespace SupplierAssessment.Adapters.Reports;

/// <summary>The report page's only stylesheet (one inline &lt;style&gt;), screen and print, and the CSP hash that allows it.</summary>
internal static class ReportStyle
{
    public const string Css = """
        :root{color-scheme:light;--ink:#111;--muted:#555;--line:#c8c8c8;--target:#1f3a93;--n:#f4a3a3;--p:#f8c27c;--l:#c9e7a7;--f:#6cbf5a;--nc:#dcdcdc}
        *{box-sizing:border-box}
        body{margin:0 auto;max-width:60rem;padding:1.5rem;font:14px/1.45 "Segoe UI",Arial,sans-serif;color:var(--ink);background:#fff}
        h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:2px solid var(--ink);padding-bottom:.2rem}
        h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
        header dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.75rem 0}
        header dt{font-weight:600}header dd{margin:0}
        .badge{display:inline-block;padding:.2rem .6rem;border-radius:.3rem;font-weight:700;border:2px solid}
        .badge.verified{background:#e3f4e0;color:#1b5e20;border-color:#1b5e20}
        .badge.declared{background:#fff4e0;color:#7a4100;border-color:#7a4100}
        .figures{display:flex;flex-wrap:wrap;gap:.75rem;margin:.5rem 0}
        .figure{border:1px solid var(--line);border-radius:.3rem;padding:.5rem .9rem;min-width:9rem}
        .figure .value{display:block;font-size:1.7rem;font-weight:700}
        .figure.main{border:2px solid var(--ink)}
        table{border-collapse:collapse;margin:.5rem 0}
        th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        tr.active{font-weight:700;background:#eef1fb}
        .tag{display:inline-block;font-size:.8rem;font-weight:600;padding:0 .4rem;border-radius:.25rem;background:var(--target);color:#fff}
        svg{max-width:100%;height:auto;display:block;margin:.5rem 0}
        .legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;font-size:.85rem}
        .swatch{display:inline-block;width:1rem;height:1rem;margin-right:.35rem;vertical-align:-.15rem;border:1px solid #888}
        .r-N{background:var(--n)}.r-P{background:var(--p)}.r-L{background:var(--l)}.r-F{background:var(--f)}
        .nc{background:repeating-linear-gradient(45deg,var(--nc) 0 3px,#9a9a9a 3px 5px)}
        .na{background:#eeeeee;font-size:.75em}
        .swatch.target{background:#fff;border:3px solid var(--target)}
        .swatch.bar-met{background:#2f7d32}.swatch.bar-short{background:#c0392b}
        table.grid{font-size:.75rem}table.grid td{text-align:center;padding:.1rem .2rem;min-width:1.6rem}
        table.grid td.in-target{outline:2px solid var(--target);outline-offset:-2px}
        .actor-plan ol{padding-left:1.4rem}
        li.action{margin:.35rem 0;padding:.35rem .5rem;border-left:4px solid var(--line)}
        li.action.closes{border-left-color:var(--target)}
        .closes-tag{font-size:.8rem;font-weight:700;color:var(--target)}
        .letter{display:inline-block;min-width:1.5rem;text-align:center;font-weight:700;border:1px solid #888;border-radius:.2rem}
        details{margin:.25rem 0}summary{cursor:pointer}
        ul.practices{margin:.2rem 0;padding-left:1.2rem}
        .checklist li{list-style:none}.checklist li::before{content:"\2610\00a0"}
        .muted{color:var(--muted)}
        @page{size:A4 portrait;margin:15mm 12mm}
        @media print{
          body{max-width:none;padding:0;font-size:10.5pt}
          *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
          h2{break-after:avoid;page-break-after:avoid}
          tr,li.action,.pa-group,.figure,svg{break-inside:avoid;page-break-inside:avoid}
          thead{display:table-header-group}
          summary{list-style:none}
        }
        @media print{details::details-content{content-visibility:visible;display:block}}
        """;

    /// <summary>The CSP source that allows exactly this stylesheet: <c>'sha256-…'</c>.</summary>
    public static string Hash { get; } = "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css))) + "'";
}
