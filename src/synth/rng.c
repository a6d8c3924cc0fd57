/* A small seeded PRNG (xoshiro256**, seeded by splitmix64) and the samplers the synthetic
 * data needs: uniform, standard normal and Poisson. */
#include <math.h>

#include "zorglandschap/synth.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void zl_rng_seed(zl_rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t zl_rng_next(zl_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double zl_rng_uniform(zl_rng *r)
{
    return (double)(zl_rng_next(r) >> 11) * 0x1.0p-53;
}

double zl_rng_normal(zl_rng *r)
{
    double u1 = 1.0 - zl_rng_uniform(r); /* (0, 1]: log is finite */
    double u2 = zl_rng_uniform(r);
    return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

/* Inversion by sequential search; exact, and fast for the small means used here. Larger
 * means are split into chunks of at most 30 (a sum of Poissons is Poisson), which keeps
 * exp(-lambda) far from underflow. */
int64_t zl_rng_poisson(zl_rng *r, double lambda)
{
    int64_t n = 0;
    if (!(lambda > 0))
        return 0;
    while (lambda > 0) {
        double l = lambda > 30 ? 30 : lambda;
        lambda -= l;
        double p = exp(-l), cdf = p, u = zl_rng_uniform(r);
        int64_t k = 0;
        while (u > cdf && p > 0) {
            k++;
            p *= l / (double)k;
            cdf += p;
        }
        n += k;
    }
    return n;
}
