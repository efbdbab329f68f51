using StreamVault.Vaults.Channels;

namespace StreamVault.Vaults.Tests.Channels;

public sealed class ChannelReferenceTests
{
    [Theory]
    [InlineData("@films_archive", "films_archive")]
    [InlineData("films_archive", "films_archive")]
    [InlineData("https://t.me/films_archive", "films_archive")]
    [InlineData("t.me/films_archive/123", "films_archive")]
    [InlineData("https://t.me/s/films_archive", "films_archive")]
    [InlineData("http://telegram.me/Films_Archive", "Films_Archive")]
    [InlineData("  @films_archive  ", "films_archive")]
    public void Usernames_and_public_links_name_the_channel(string text, string expected) =>
        Assert.Equal(expected, ChannelReference.Parse(text).Username);

    [Theory]
    [InlineData("https://t.me/c/1234567/10", "private")]
    [InlineData("https://t.me/+AbCdEf", "private")]
    [InlineData("https://t.me/joinchat/AbCdEf", "private")]
    [InlineData("https://example.com/films_archive", "not a channel")]
    [InlineData("ftp://t.me/films_archive", "not a channel")]
    [InlineData("@ab", "not a channel username")]
    [InlineData("@1films", "not a channel username")]
    [InlineData("", "name the channel")]
    [InlineData("https://t.me/", "names no channel")]
    public void Anything_else_is_refused_with_the_reason(string text, string reason)
    {
        var (username, error) = ChannelReference.Parse(text);
        Assert.Null(username);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Control_characters_in_a_bad_name_are_not_echoed() =>
        Assert.DoesNotContain('\u001b', ChannelReference.Parse("@bad\u001b[31mname!").Error!);
}
