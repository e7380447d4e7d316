using System;
using System.IO;

namespace Microsoft.ML.MultiTask.Charts
{
    /// <summary>A chart written as a PNG file.</summary>
    public sealed class ChartImage
    {
        internal ChartImage(string path, int width, int height)
        {
            Path = System.IO.Path.GetFullPath(path);
            Width = width;
            Height = height;
        }

        /// <summary>The PNG file's full path.</summary>
        public string Path { get; }

        /// <summary>Width in pixels.</summary>
        public int Width { get; }

        /// <summary>Height in pixels.</summary>
        public int Height { get; }

        /// <summary>An <c>&lt;img&gt;</c> tag with the PNG inline, for notebooks: <c>display(HTML(chart.ToHtml()))</c>.</summary>
        public string ToHtml() => $"<img width=\"{Width}\" height=\"{Height}\" src=\"data:image/png;base64,{Convert.ToBase64String(File.ReadAllBytes(Path))}\" />";

        /// <inheritdoc/>
        public override string ToString() => Path;
    }
}
