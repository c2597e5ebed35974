namespace Arena.Scoring.Humans;

/// <summary>The standard normal distribution's quantile, which turns a confidence level into the z of an interval.</summary>
public static class NormalDistribution
{
    /// <summary>
    /// The z with P(Z ≤ z) = <paramref name="probability"/>. Wichura's algorithm AS241 (PPND16, Applied Statistics
    /// 37(3), 1988): rational approximations accurate to about 1e-16, the same algorithm as Python's
    /// statistics.NormalDist.inv_cdf and R's qnorm, so no refinement step is needed.
    /// </summary>
    public static double Quantile(double probability)
    {
        if (!(probability is > 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "the probability must lie strictly between 0 and 1");

        var q = probability - 0.5;
        if (Math.Abs(q) <= 0.425)
        {
            var r = 0.180625 - (q * q);
            var num = (((((((2.5090809287301226727e+3 * r + 3.3430575583588128105e+4) * r + 6.7265770927008700853e+4) * r
                + 4.5921953931549871457e+4) * r + 1.3731693765509461125e+4) * r + 1.9715909503065514427e+3) * r
                + 1.3314166789178437745e+2) * r + 3.3871328727963666080e+0) * q;
            var den = ((((((5.2264952788528545610e+3 * r + 2.8729085735721942674e+4) * r + 3.9307895800092710610e+4) * r
                + 2.1213794301586595867e+4) * r + 5.3941960214247511077e+3) * r + 6.8718700749205790830e+2) * r
                + 4.2313330701600911252e+1) * r + 1.0;
            return num / den;
        }

        var tail = Math.Sqrt(-Math.Log(q < 0 ? probability : 1 - probability));
        double x;
        if (tail <= 5)
        {
            var r = tail - 1.6;
            var num = ((((((7.7454501427834140764e-4 * r + 2.2723844989269184583e-2) * r + 2.4178072517745061177e-1) * r
                + 1.2704582524523683826e+0) * r + 3.6478483247632046050e+0) * r + 5.7694972214606914055e+0) * r
                + 4.6303378461565452959e+0) * r + 1.4234371107496835773e+0;
            var den = ((((((1.0507500716444168432e-9 * r + 5.4759380849953449460e-4) * r + 1.5198666563616457197e-2) * r
                + 1.4810397642748007459e-1) * r + 6.8976733498510000455e-1) * r + 1.6763848301838038494e+0) * r
                + 2.0531916266377588219e+0) * r + 1.0;
            x = num / den;
        }
        else
        {
            var r = tail - 5;
            var num = ((((((2.0103343992922881327e-7 * r + 2.7115555687434875782e-5) * r + 1.2426609473880784386e-3) * r
                + 2.6532189526576123093e-2) * r + 2.9656057182850489123e-1) * r + 1.7848265399172913358e+0) * r
                + 5.4637849111641143699e+0) * r + 6.6579046435011037772e+0;
            var den = ((((((2.0442631033899397856e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r
                + 7.8686913114561329059e-4) * r + 1.4875361290850614852e-2) * r + 1.3692988092273580531e-1) * r
                + 5.9983220655588793769e-1) * r + 1.0;
            x = num / den;
        }
        return q < 0 ? -x : x;
    }

    /// <summary>The two-sided z of a confidence level: 1.959964 for 0.95.</summary>
    public static double TwoSidedZ(double confidence)
    {
        if (!(confidence is > 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "the confidence must lie strictly between 0 and 1");
        return Quantile(1 - ((1 - confidence) / 2));
    }
}
