using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;

namespace Pipeline.Host.Dashboard;

/// <summary>Hangfire's layout (navigation, styles, its script with the antiforgery header) around a rendered body.</summary>
internal sealed class PipelinePage(string title, string body) : RazorPage
{
    public override void Execute()
    {
        Layout = new LayoutPage(title);
        WriteLiteral(body);
    }

    /// <summary>
    /// Writes the page as Hangfire's own pages are written. Binding a page to a request is internal to Hangfire;
    /// a one-route collection built with the public <c>AddRazorPage</c> does it for us, after our data is loaded
    /// asynchronously (a page's own <c>Execute</c> is synchronous).
    /// </summary>
    public static Task WriteAsync(DashboardContext context, string title, string body)
    {
        var routes = new Hangfire.Dashboard.RouteCollection();
        routes.AddRazorPage("/", _ => new PipelinePage(title, body));
        return routes.FindDispatcher("/")!.Item1.Dispatch(context);
    }
}
