namespace StreamVault.Core.Catalog;

public enum TitleKind
{
    Movie = 0,
    Series = 1,
}
