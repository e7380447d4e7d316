using System;
using Microsoft.ML.MultiTask.Benchmarks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    [TestClass]
    public sealed class MeasurementTests
    {
        [TestMethod]
        public void APeakThatIsGoneBeforeTheWorkEndsIsStillMeasured()
        {
            // 256 MB touched, then released and collected inside the work: only a peak measure sees it.
            static void TouchAndDrop()
            {
                var block = GC.AllocateUninitializedArray<byte>(256 << 20);
                for (int i = 0; i < block.Length; i += 4096)
                {
                    block[i] = 1;
                }
            }
            var (_, cost) = Measurement.Of(() =>
            {
                TouchAndDrop();
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                return 0;
            });
            Assert.IsGreaterThan(200, cost.PeakMemoryMegabytes);
        }
    }
}
