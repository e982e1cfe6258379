namespace Pipeline.Host.Ingestion;

/// <summary>Another process is ingesting the same source right now; running both would race on its documents.</summary>
public sealed class SourceBusyException(string source)
    : Exception($"another run is already ingesting source '{source}'; wait for it to finish (see ./pipeline status)");
