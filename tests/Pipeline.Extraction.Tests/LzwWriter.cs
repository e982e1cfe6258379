namespace Pipeline.Extraction.Tests;

/// <summary>
/// Writes LZW data as a PDF's LZWDecode filter reads it (codes of 9 to 12 bits, most significant bit first, 256
/// clears the table, 257 ends the data): a plain encoder for real content, and the worst case a hostile file
/// would use, where every code names the longest entry in the table. The code widths follow the reader's table
/// as it will be when it reads each code, with /EarlyChange 1 (one code early) or 0.
/// </summary>
internal sealed class LzwWriter(bool earlyChange)
{
    private const int ClearTable = 256;
    private const int EndOfData = 257;
    private const int FirstFreeCode = 258;
    private const int MaxCodes = 4096;

    private readonly MemoryStream _output = new();
    private ulong _pending;
    private int _pendingBits;
    private bool _hasPrevious;

    /// <summary>The reader's table size after the codes written so far: the code it would add next.</summary>
    public int TableSize { get; private set; } = FirstFreeCode;

    /// <summary>An ordinary LZW encoding of <paramref name="data"/>, clearing the table whenever it fills.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> data, bool earlyChange)
    {
        var writer = new LzwWriter(earlyChange);
        writer.Write(ClearTable);
        var table = new Dictionary<(int Prefix, byte Next), int>();
        var nextCode = FirstFreeCode;
        var current = -1;
        foreach (var b in data)
        {
            if (current < 0)
            {
                current = b;
            }
            else if (table.TryGetValue((current, b), out var code))
            {
                current = code;
            }
            else
            {
                writer.Write(current);
                table[(current, b)] = nextCode++;
                current = b;
                if (nextCode == MaxCodes)
                {
                    writer.Write(ClearTable);
                    table.Clear();
                    nextCode = FirstFreeCode;
                }
            }
        }
        if (current >= 0)
        {
            writer.Write(current);
        }
        writer.Write(EndOfData);
        return writer.ToArray();
    }

    /// <summary>
    /// <paramref name="prefix"/> as literals, then spaces up to at least <paramref name="decodedBytes"/>, coded as
    /// badly for the reader as LZW allows: each code names an entry one space longer than the last until the table
    /// is full, then the longest (some 3,800 spaces) over and over, 12 bits each.
    /// </summary>
    public static byte[] Bomb(ReadOnlySpan<byte> prefix, long decodedBytes, bool earlyChange)
    {
        var writer = new LzwWriter(earlyChange);
        writer.Write(ClearTable);
        foreach (var b in prefix)
        {
            writer.Write(b);
        }
        writer.Write(' ');
        long written = prefix.Length + 1;
        var runLength = 1;
        while (writer.TableSize < MaxCodes && written < decodedBytes)
        {
            // Not yet in the reader's table: it decodes as the previous run plus one more space, and becomes the entry.
            writer.Write(writer.TableSize);
            written += ++runLength;
        }
        for (; written < decodedBytes; written += runLength)
        {
            writer.Write(MaxCodes - 1);
        }
        writer.Write(EndOfData);
        return writer.ToArray();
    }

    public void Write(int code)
    {
        var width = TableSize >= 2047 + Offset ? 12 : TableSize >= 1023 + Offset ? 11 : TableSize >= 511 + Offset ? 10 : 9;
        _pending = (_pending << width) | (uint)code;
        _pendingBits += width;
        while (_pendingBits >= 8)
        {
            _pendingBits -= 8;
            _output.WriteByte((byte)(_pending >> _pendingBits));
        }
        if (code == ClearTable)
        {
            TableSize = FirstFreeCode;
            _hasPrevious = false;
        }
        else if (code != EndOfData)
        {
            // The reader adds an entry for every code that follows another.
            TableSize += _hasPrevious ? 1 : 0;
            _hasPrevious = true;
        }
    }

    public byte[] ToArray()
    {
        if (_pendingBits > 0)
        {
            _output.WriteByte((byte)(_pending << (8 - _pendingBits)));
            _pendingBits = 0;
        }
        return _output.ToArray();
    }

    private int Offset => earlyChange ? 0 : 1;
}
