namespace StreamVault.Core.Catalog;

/// <summary>The quality shelves a title's files are grouped on. Ordered so that a higher value is a better picture.</summary>
public enum QualityBucket
{
    Other = 0,
    Sd480 = 480,
    Hd720 = 720,
    FullHd1080 = 1080,
    Uhd2160 = 2160,
}

public static class QualityBuckets
{
    public static string Label(this QualityBucket bucket) => bucket switch
    {
        QualityBucket.Uhd2160 => "4K",
        QualityBucket.FullHd1080 => "1080p",
        QualityBucket.Hd720 => "720p",
        QualityBucket.Sd480 => "480p",
        _ => "Other",
    };

    /// <summary>Buckets a picture by its height, tolerating the cropped heights of wide films (1920x800 is still 1080p).</summary>
    public static QualityBucket FromDimensions(int width, int height)
    {
        if (width >= 3200 || height >= 1800)
        {
            return QualityBucket.Uhd2160;
        }

        if (width >= 1700 || height >= 1000)
        {
            return QualityBucket.FullHd1080;
        }

        if (width >= 1100 || height >= 650)
        {
            return QualityBucket.Hd720;
        }

        return width > 0 || height > 0 ? QualityBucket.Sd480 : QualityBucket.Other;
    }
}
