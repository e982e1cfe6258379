using System.Text.Json.Serialization;

namespace Pipeline.Core.Quality;

/// <summary>What a quality rule does when an item breaks it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<QualitySeverity>))]
public enum QualitySeverity
{
    /// <summary>The rule is not checked.</summary>
    [JsonStringEnumMemberName("off")]
    Off,

    /// <summary>The item is kept and the finding counted and recorded.</summary>
    [JsonStringEnumMemberName("warn")]
    Warn,

    /// <summary>The item is quarantined (a document) or dropped (a chunk) and the finding recorded.</summary>
    [JsonStringEnumMemberName("reject")]
    Reject,
}
