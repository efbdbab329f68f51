namespace StreamVault.Mtproto.Crypto;

/// <summary>Proof-of-work of the handshake: split pq (&lt; 2^63) into p &lt; q with Pollard–Brent rho.</summary>
public static class PqFactorizer
{
    public static (ulong P, ulong Q) Factor(ulong pq)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pq, 4UL);
        if (pq % 2 == 0)
        {
            return Order(2, pq / 2);
        }

        for (ulong c = 1; c < 64; c++)
        {
            var d = Brent(pq, c);
            if (d != 1 && d != pq)
            {
                return Order(d, pq / d);
            }
        }
        throw new ArgumentException("pq could not be factored", nameof(pq));
    }

    private static (ulong, ulong) Order(ulong a, ulong b) => a < b ? (a, b) : (b, a);

    private static ulong MulMod(ulong a, ulong b, ulong m) => (ulong)((UInt128)a * b % m);

    private static ulong Brent(ulong n, ulong c)
    {
        ulong y = 2, x = 2, g = 1, q = 1, ys = 2;
        const int m = 128;
        var r = 1;
        while (g == 1)
        {
            x = y;
            for (var i = 0; i < r; i++)
            {
                y = (MulMod(y, y, n) + c) % n;
            }

            var k = 0;
            while (k < r && g == 1)
            {
                ys = y;
                for (var i = 0; i < Math.Min(m, r - k); i++)
                {
                    y = (MulMod(y, y, n) + c) % n;
                    q = MulMod(q, x > y ? x - y : y - x, n);
                }
                g = Gcd(q, n);
                k += m;
            }
            r *= 2;
            if (r > 1 << 26)
            {
                return 1;
            }
        }
        if (g == n)
        {
            do
            {
                ys = (MulMod(ys, ys, n) + c) % n;
                g = Gcd(x > ys ? x - ys : ys - x, n);
            }
            while (g == 1);
        }
        return g;
    }

    private static ulong Gcd(ulong a, ulong b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
