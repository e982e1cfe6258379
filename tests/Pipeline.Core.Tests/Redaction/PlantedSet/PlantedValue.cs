namespace Pipeline.Core.Tests.Redaction.PlantedSet;

/// <summary>A value of a known kind and the sentence it is planted in (<c>{0}</c> marks where it goes).</summary>
internal sealed record PlantedValue(string Detector, string Value, string Sentence);
