namespace StreamVault.Vaults;

/// <summary>Maps a byte range of a whole object onto the parts that hold it.</summary>
public static class PartRangePlanner
{
    public readonly record struct PartSpan(StoredPart Part, long OffsetInPart, long Count);

    public static IEnumerable<PartSpan> Plan(IReadOnlyList<StoredPart> parts, long offset, long count)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        long partStart = 0;
        var end = offset + count;
        foreach (var part in parts)
        {
            var partEnd = partStart + part.Length;
            if (partEnd > offset && partStart < end)
            {
                var from = Math.Max(offset, partStart);
                var to = Math.Min(end, partEnd);
                yield return new PartSpan(part, from - partStart, to - from);
            }

            if (partEnd >= end)
            {
                yield break;
            }

            partStart = partEnd;
        }
    }
}
