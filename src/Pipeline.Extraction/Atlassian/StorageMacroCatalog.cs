namespace Pipeline.Extraction.Atlassian;

/// <summary>The Confluence macros this converter knows, by <c>ac:name</c>.</summary>
internal static class StorageMacroCatalog
{
    private static readonly Dictionary<string, StorageMacroKind> Kinds = Build();

    public static StorageMacroKind KindOf(string name) => Kinds.GetValueOrDefault(name, StorageMacroKind.Unknown);

    private static Dictionary<string, StorageMacroKind> Build()
    {
        var kinds = new Dictionary<string, StorageMacroKind>(StringComparer.Ordinal);
        void Add(StorageMacroKind kind, params string[] names)
        {
            foreach (var name in names)
            {
                kinds[name] = kind;
            }
        }

        Add(StorageMacroKind.Code, "code", "noformat");
        Add(StorageMacroKind.Callout, "info", "note", "warning", "tip");
        Add(StorageMacroKind.Titled, "panel", "expand", "ui-expand");
        Add(
            StorageMacroKind.Container,
            "section", "column", "details", "excerpt", "multi-excerpt", "div", "span", "center", "toc-zone",
            "ui-tabs", "ui-tab", "auitabs", "panelbox", "align");
        Add(StorageMacroKind.Status, "status");
        // Their output is generated at view time (lists of pages, issue tables, embedded files): nothing of the
        // page's own text is lost, and the generated text would be indexed under the wrong page anyway.
        Add(
            StorageMacroKind.Ignored,
            "toc", "children", "jira", "jiraissues", "attachments", "recently-updated", "recently-updated-dashboard",
            "blog-posts", "contentbylabel", "content-by-user", "content-report-table", "detailssummary", "pagetree",
            "pagetreesearch", "livesearch", "search", "profile", "profile-picture", "gallery", "viewfile", "view-file",
            "viewpdf", "viewdoc", "viewxls", "viewppt", "multimedia", "widget", "roadmap", "gliffy", "drawio",
            "include", "excerpt-include", "anchor", "create-from-template", "popular-labels", "listlabels",
            "related-labels", "space-details", "contributors", "contributors-summary", "index", "network",
            "recently-used-labels", "tasks-report-macro", "html", "html-include", "iframe", "loremipsum", "space-attachments",
            "spaces", "global-reports", "favpages", "im", "rss", "userlister", "navmap", "change-history");
        return kinds;
    }
}
