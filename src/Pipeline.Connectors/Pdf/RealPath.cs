namespace Pipeline.Connectors.Pdf;

/// <summary>
/// The path with every symbolic link resolved, like POSIX <c>realpath</c>, in managed code. Resolving only the last
/// component is not enough: <c>a.pdf -> sub/x.pdf</c> where <c>sub</c> links elsewhere leaves the folder too.
/// Components that do not exist are kept as they are.
/// </summary>
internal static class RealPath
{
    // Linux gives up after 40 links (MAXSYMLINKS); a loop must end in an error, not spin.
    private const int MaxLinks = 40;

    /// <exception cref="IOException">More than 40 links: a loop, most likely.</exception>
    public static string Of(string path)
    {
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full)!;
        var pending = new LinkedList<string>(Components(full[current.Length..]));
        var links = 0;
        while (pending.First is { } first)
        {
            pending.RemoveFirst();
            var name = first.Value;
            if (name == ".")
            {
                continue;
            }
            if (name == "..")
            {
                // current has no links left in it, so its parent is simply the lexical one.
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }
            var next = Path.Join(current, name);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }
            if (++links > MaxLinks)
            {
                throw new IOException($"'{path}' goes through more than {MaxLinks} symbolic links");
            }
            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target)!;
                target = target[current.Length..];
            }
            foreach (var part in Components(target).Reverse())
            {
                pending.AddFirst(part);
            }
        }
        return current;
    }

    /// <summary>Whether <paramref name="path"/> lies strictly below <paramref name="folder"/> (both real paths).</summary>
    public static bool IsInside(string folder, string path)
    {
        var prefix = Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }

    private static string[] Components(string path) =>
        path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
}
