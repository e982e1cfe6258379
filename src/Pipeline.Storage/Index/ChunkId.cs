using System.Globalization;
using Pipeline.Core.Hashing;

namespace Pipeline.Storage.Index;

/// <summary>
/// Chunk ids are derived, never generated: the same chunk of the same document always gets the same id,
/// so a retried job overwrites what a crashed attempt wrote instead of adding to it.
/// </summary>
public static class ChunkId
{
    public static string For(string source, string externalId, int ordinal, string contentHash) =>
        ContentHash.Of([source, externalId, ordinal.ToString(CultureInfo.InvariantCulture), contentHash])[..32];
}
