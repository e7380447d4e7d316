using System;
using System.IO;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>A new empty folder under the system's temporary folder, deleted with its contents on dispose.</summary>
    internal sealed class TemporaryFolder : IDisposable
    {
        public TemporaryFolder() => Path = Directory.CreateTempSubdirectory("multitask-").FullName;

        public string Path { get; }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
