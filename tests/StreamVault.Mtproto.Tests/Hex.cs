namespace StreamVault.Mtproto.Tests;

internal static class Hex
{
    public static byte[] B(string hex) => Convert.FromHexString(string.Concat(hex.Where(char.IsAsciiHexDigit)));

    public static string S(ReadOnlySpan<byte> b) => Convert.ToHexString(b);

    public static byte[] Seq(int from, int count) => Enumerable.Range(from, count).Select(i => (byte)i).ToArray();
}
