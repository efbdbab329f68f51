using Microsoft.Extensions.Options;

namespace StreamVault.Catalog.Takedown;

/// <summary>The `StreamVault:Takedown` section: what the kill switch does beyond the tombstone.</summary>
public sealed class TakedownOptions
{
    public const string Section = "StreamVault:Takedown";

    /// <summary>Delete the source parts (vault files, channel messages); false only hides them behind the tombstone,
    /// e.g. while a counter-notice may bring the title back.</summary>
    public bool DeleteSource { get; set; } = true;

    /// <summary>nginx's <c>proxy_cache_path</c> folder, when nginx caches in front of this node: the entries whose key
    /// names the title or its files are deleted. Stock Debian nginx has no purge module, so the files are deleted.</summary>
    public string? NginxCacheDirectory { get; set; }

    /// <summary>The <c>levels=</c> of that <c>proxy_cache_path</c>.</summary>
    public string NginxCacheLevels { get; set; } = "1:2";
}

internal sealed class TakedownOptionsValidation : IValidateOptions<TakedownOptions>
{
    public ValidateOptionsResult Validate(string? name, TakedownOptions options)
    {
        if (!NginxCacheLayout.TryParseLevels(options.NginxCacheLevels, out _))
        {
            return ValidateOptionsResult.Fail($"{TakedownOptions.Section}:NginxCacheLevels must be nginx's levels syntax: one to three of 1 or 2 separated by ':' (e.g. \"1:2\").");
        }

        if (options.NginxCacheDirectory is { Length: > 0 } folder && !Path.IsPathFullyQualified(folder))
        {
            return ValidateOptionsResult.Fail($"{TakedownOptions.Section}:NginxCacheDirectory must be an absolute path (nginx's proxy_cache_path).");
        }

        return ValidateOptionsResult.Success;
    }
}
