using System;
using System.IO;
using ScottPlot;

namespace Microsoft.ML.MultiTask.Charts
{
    /// <summary>Writes a plot as a PNG (creating its folder) and gives the charts' colours.</summary>
    internal static class PlotFile
    {
        public static Color Palette(int index) => new ScottPlot.Palettes.Category10().GetColor(index);

        public static ChartImage Save(Plot plot, string path, int width, int height)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new ArgumentException("Give the PNG file's path.", nameof(path));
            }
            string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder != null)
            {
                Directory.CreateDirectory(folder);
            }
            plot.SavePng(path, width, height);
            return new ChartImage(path, width, height);
        }
    }
}
