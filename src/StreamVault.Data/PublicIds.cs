using System.Security.Cryptography;

namespace StreamVault.Data;

/// <summary>The opaque ids pages and links show instead of database ids.</summary>
public static class PublicIds
{
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyz23456789";

    /// <summary>12 characters from a 33-letter alphabet: ~60 bits, unguessable and unrelated to database ids.</summary>
    public static string New() => RandomNumberGenerator.GetString(Alphabet, 12);
}
