using System.Runtime.CompilerServices;

// Tests inspect the on-disk layout and the lock directly (src/Pipeline.Storage.csproj is not ours to edit).
[assembly: InternalsVisibleTo("Pipeline.Storage.Tests")]
