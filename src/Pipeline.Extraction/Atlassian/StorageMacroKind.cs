namespace Pipeline.Extraction.Atlassian;

/// <summary>What a Confluence macro means to the conversion; see <see cref="StorageMacroCatalog"/>.</summary>
internal enum StorageMacroKind
{
    Unknown,

    /// <summary>code, noformat: the plain-text body is the content, verbatim.</summary>
    Code,

    /// <summary>info, note, warning, tip: body paragraphs are prefixed with the kind.</summary>
    Callout,

    /// <summary>panel, expand: the title parameter is a paragraph, then the body.</summary>
    Titled,

    /// <summary>Layout-only macros (section, column, details, excerpt…): the body as it is.</summary>
    Container,

    /// <summary>status: its title is an inline word ("DONE").</summary>
    Status,

    /// <summary>Dynamic or media macros whose output is not in the page (toc, children, jira, attachments…).</summary>
    Ignored,
}
