using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Data;
using Microsoft.ML.MultiTask.Evaluation;

namespace Microsoft.ML.MultiTask.Tasks
{
    /// <summary>A task with several classes: softmax over one logit per class.</summary>
    internal sealed class MulticlassTaskDefinition : TaskDefinition
    {
        public MulticlassTaskDefinition(string name, string? labelColumnName, float lossWeight)
            : base(name, labelColumnName, lossWeight)
        {
        }

        public override TaskKind Kind => TaskKind.Multiclass;

        internal override bool StratifiesValidationSplit => true;

        internal override LabelScale LabelScale => LabelScale.Categorical;

        internal override string ExpectedLabelTypes => "String, a key type, an integer type, Single, Double or Boolean";

        internal override bool IsSupportedLabelType(DataViewType type) => LabelGetters.IsClassLabel(type);

        internal override TaskHead CreateShapeOnlyHead() => new MulticlassTaskHead(this, new[] { "0", "1" });

        internal override TaskLabelReader CreateLabelReader(DataViewRow row, DataViewSchema.Column column)
        {
            // A key's classes are its key values in key order, so the network's outputs line up with them.
            var known = column.Type is KeyDataViewType key ? LabelGetters.KeyNames(column, key) : Array.Empty<string>();
            return new ClassLabelReader(LabelGetters.ClassName(row, column), known, growing: true);
        }

        /// <summary>A reader that maps labels onto a fitted class list.</summary>
        internal ClassLabelReader CreateLabelReader(DataViewRow row, DataViewSchema.Column column, IReadOnlyList<string> classes)
            => new ClassLabelReader(LabelGetters.ClassName(row, column), classes, growing: false);

        internal override void ValidateSettings(bool hasValidationSet)
        {
            base.ValidateSettings(hasValidationSet);
            if (Threshold != null)
            {
                throw NotForThisKind(nameof(Threshold), "whose PredictedLabel is the most probable class");
            }
        }

        internal override TaskHead CreateHead(TaskLabelReader reader, ReadOnlySpan<float> labels)
        {
            var classes = ((ClassLabelReader)reader).Classes;
            // The classes that occur, not the class list: a key label lists all its key values, seen or not.
            var observed = new HashSet<float>();
            foreach (float label in labels)
            {
                if (!float.IsNaN(label) && observed.Add(label) && observed.Count == 2)
                {
                    return new MulticlassTaskHead(this, classes.ToArray());
                }
            }
            if (observed.Count == 0)
            {
                throw NoLabels();
            }
            throw new InvalidOperationException(
                $"Label column '{LabelColumnName}' of multiclass task '{Name}' holds only the class '{classes[(int)observed.Single()]}'; a multiclass task needs at least two classes.");
        }

        internal override TaskMetrics Evaluate(MLContext mlContext, IDataView scored)
        {
            var read = ScoredClassRows.Read(this, scored);
            var metrics = MulticlassEvaluationRow.Evaluate(mlContext, read.Rows, read.Classes, read.Width, Name);
            var headline = new[]
            {
                KeyValuePair.Create("MicroAcc", metrics.MicroAccuracy), KeyValuePair.Create("MacroAcc", metrics.MacroAccuracy), KeyValuePair.Create("LogLoss", metrics.LogLoss),
            };
            return new TaskMetrics(Name, Kind, read.Rows.Count, headline, KeyValuePair.Create("micro-accuracy", metrics.MicroAccuracy))
            {
                Multiclass = metrics,
                UnknownClassRowCount = read.UnknownCount,
            };
        }
    }
}
