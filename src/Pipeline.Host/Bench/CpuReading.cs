using System.Diagnostics;
using Pipeline.Storage.Embedded;

namespace Pipeline.Host.Bench;

/// <summary>
/// Cumulative CPU seconds at one moment: this process, the child processes it has waited for (tesseract and pdftoppm,
/// from <c>/proc/self/stat</c>), and the embedded PostgreSQL when the service uses it. Two readings subtract.
/// </summary>
public readonly record struct CpuReading(double Process, double Children, double? Database)
{
    public static CpuReading Take(PipelineSettings settings)
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        var database = settings.ConnectionString is null && OperatingSystem.IsLinux() ? ClusterCpu.Read(settings.DataDirectory)?.TotalSeconds : null;
        var children = OperatingSystem.IsLinux() ? (ProcStat.Self()?.ReapedChildrenTicks ?? 0) / (double)ProcStat.TicksPerSecond : 0;
        return new CpuReading(self.TotalProcessorTime.TotalSeconds, children, database);
    }

    public static CpuReading operator -(CpuReading after, CpuReading before) => new(
        after.Process - before.Process,
        after.Children - before.Children,
        after.Database is { } a && before.Database is { } b ? a - b : null);

    public BenchCommand.CpuFigures Figures(double runSeconds, double modelFloorSeconds)
    {
        var seconds = Math.Max(runSeconds, 1e-6);
        return new BenchCommand.CpuFigures(
            Math.Round(Process, 1), Math.Round(Children, 1), Database is { } d ? Math.Round(d, 1) : null,
            Math.Round((Process + Children + (Database ?? 0)) / seconds, 2),
            Math.Round(modelFloorSeconds, 2), Math.Round(modelFloorSeconds / seconds, 3));
    }
}
