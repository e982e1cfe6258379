namespace Pipeline.Core.Tests.Redaction.PlantedSet;

/// <summary>Seeded random characters and picks, so every run plants the same values.</summary>
internal sealed class RandomText(int seed)
{
    public const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    public const string Lower = "abcdefghijklmnopqrstuvwxyz";
    public const string Digits = "0123456789";
    public const string Alphanumeric = Upper + Lower + Digits;
    public const string Base64 = Alphanumeric + "+/";
    public const string Base64Url = Alphanumeric + "-_";
    public const string LowerHex = "0123456789abcdef";

    private readonly Random _random = new(seed);

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    public int Between(int min, int maxInclusive) => _random.Next(min, maxInclusive + 1);

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public string From(string alphabet, int length) =>
        string.Create(length, (alphabet, _random), (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = state.alphabet[state._random.Next(state.alphabet.Length)];
            }
        });

    public bool Chance(double probability) => _random.NextDouble() < probability;
}
