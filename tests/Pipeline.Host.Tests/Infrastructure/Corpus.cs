namespace Pipeline.Host.Tests.Infrastructure;

/// <summary>The shared real PDF corpus (../shared/corpus/pdf next to the checkout); nobody on the team wrote these files.</summary>
public static class Corpus
{
    public static string PdfFolder { get; } = Find();

    public static string Pdf(string name) => Path.Combine(PdfFolder, name);

    /// <summary>Copies the named corpus files into a fresh temp folder the test may change.</summary>
    public static TempFolder CopyToTemp(params string[] names)
    {
        var folder = new TempFolder();
        foreach (var name in names)
        {
            File.Copy(Pdf(name), Path.Combine(folder.Path, name));
        }
        return folder;
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "corpus", "pdf");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("the shared PDF corpus (../shared/corpus/pdf) was not found above " + AppContext.BaseDirectory);
    }
}
