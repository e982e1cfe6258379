using System.Globalization;
using System.Net;
using System.Text;

namespace Pipeline.Host.Dashboard;

/// <summary>
/// The pieces every pipeline page is made of. Every value from the database or a job file goes through
/// <see cref="E"/>: document names, error messages and job descriptions are text, never markup.
/// </summary>
public static class PageHtml
{
    public static string E(object? value) => value switch
    {
        null => "",
        IFormattable f => WebUtility.HtmlEncode(f.ToString(null, CultureInfo.InvariantCulture)) ?? "",
        _ => WebUtility.HtmlEncode(value.ToString()) ?? "",
    };

    public static string Time(DateTimeOffset? at) =>
        at is { } t ? $"<span title=\"{E(t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture))}\">{E(t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))} UTC</span>" : "—";

    /// <summary>"3 h 12 min", the way an operator reads freshness.</summary>
    public static string Age(TimeSpan age) => age switch
    {
        { TotalSeconds: < 0 } => "0 s",
        { TotalMinutes: < 1 } => $"{(int)age.TotalSeconds} s",
        { TotalHours: < 1 } => $"{(int)age.TotalMinutes} min",
        { TotalDays: < 2 } => $"{(int)age.TotalHours} h {age.Minutes} min",
        _ => $"{(int)age.TotalDays} d {age.Hours} h",
    };

    public static string Seconds(double seconds) => seconds.ToString(seconds < 1 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " s";

    public static void Header(StringBuilder html, string title, string? lead = null)
    {
        html.Append("<div class=\"row\"><div class=\"col-md-12\"><h1 class=\"page-header\">").Append(E(title)).Append("</h1>");
        if (lead is not null)
        {
            html.Append("<p class=\"text-muted\">").Append(E(lead)).Append("</p>");
        }
    }

    public static void Footer(StringBuilder html) => html.Append("</div></div>");

    public static void TableStart(StringBuilder html, string id, params string[] headings)
    {
        html.Append("<div class=\"table-responsive\"><table class=\"table table-striped\" id=\"").Append(E(id)).Append("\"><thead><tr>");
        foreach (var heading in headings)
        {
            html.Append("<th>").Append(E(heading)).Append("</th>");
        }
        html.Append("</tr></thead><tbody>");
    }

    public static void TableEnd(StringBuilder html) => html.Append("</tbody></table></div>");

    public static void Empty(StringBuilder html, string message) =>
        html.Append("<div class=\"alert alert-info\">").Append(E(message)).Append("</div>");

    /// <summary>
    /// A button Hangfire's own script posts (<c>data-ajax</c>): it sends the antiforgery header and reloads the
    /// page when the POST succeeds.
    /// </summary>
    public static string Button(string url, string label, string style = "btn-primary", string? confirm = null) =>
        $"<button type=\"button\" class=\"btn btn-sm {E(style)}\" data-ajax=\"{E(url)}\" data-loading-text=\"{E(label)}…\"" +
        (confirm is null ? "" : $" data-confirm=\"{E(confirm)}\"") + $">{E(label)}</button>";

    public static string Link(string url, string text) => $"<a href=\"{E(url)}\">{E(text)}</a>";

    public static string Status(string status) => status switch
    {
        "succeeded" => $"<span class=\"label label-success\">{E(status)}</span>",
        "failed" => $"<span class=\"label label-danger\">{E(status)}</span>",
        _ => $"<span class=\"label label-info\">{E(status)}</span>",
    };
}
