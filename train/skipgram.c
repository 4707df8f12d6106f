/* word2vec's per-pair SGD loop for skip-gram with negative sampling.

   The loop reads rows, forms dot products (the forward pass), draws words and applies
   x -= step * gradient. Every gradient number comes from a function in kernels.h, which SymPy
   printed (derive/c_kernels.py); train/native_build.py writes that header beside this file and
   compiles both. train/native_loop.py calls the exported functions through ctypes, which releases
   the GIL, so Python threads run shards in parallel (Hogwild, as word2vec and gensim do).

   Randomness is word2vec's linear congruential generator seeded per shard, so a shard's result
   depends on its seed alone. */
#include <stdint.h>
#include "kernels.h"

#define TO_UNIT (1.0 / 9007199254740992.0) /* 2^-53: the top 53 bits of a draw as a double in [0, 1) */

static inline uint64_t next(uint64_t rng) { return rng * 25214903917ULL + 11ULL; }

/* The first index whose cumulative share exceeds u, as numpy.searchsorted(table, u, "right").
   guide[j] is that index for u = j/V (train/vocab.py), so the answer lies between the guides of
   u's neighbouring buckets: a search over a few entries instead of all V. One bucket of slack on
   each side absorbs rounding in u·V and j/V; the result is the full search's, exactly. */
static inline int64_t draw(const double *table, const int64_t *guide, int64_t V, double u)
{
    int64_t bucket = (int64_t)(u * (double)V);
    int64_t lo = guide[bucket > 0 ? bucket - 1 : 0];
    int64_t hi = guide[bucket + 2 < V ? bucket + 2 : V] + 1;
    if (hi > V)
        hi = V;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (table[mid] > u)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo < V ? lo : V - 1;
}

/* One pair's update of the outside (or negative) row `u` given the score's coefficient g; the
   center's share is summed into `work`, applied once all of the pair's rows are done. */
static inline void update(float *restrict u, const float *restrict vc, float *restrict work,
                          int64_t d, float g, float alpha)
{
    for (int64_t t = 0; t < d; t++) {
        work[t] += center(g, u[t]);
        u[t] -= alpha * outside(g, vc[t]);
    }
}

static inline float dot(const float *restrict a, const float *restrict b, int64_t d)
{
    float s = 0.0f;
    for (int64_t t = 0; t < d; t++)
        s += a[t] * b[t];
    return s;
}

/* Trains on sentences first..last-1 of the encoded corpus (ids between starts), updating W (V×d
   center vectors) and Wout (V×d outside vectors) in place; the step size moves linearly from
   alpha_from to alpha_to over the shard. keep (V) holds the subsampling chances, table (V) the
   cumulative unigram^0.75 shares and guide (V+1) their bucket index. buffer (longest sentence) and work (d) are the shard's
   own scratch space. Returns the corpus tokens read. */
int64_t train_shard(const int32_t *ids, const int64_t *starts, int64_t first, int64_t last,
                    float *W, float *Wout, int64_t V, int64_t d, const double *keep, const double *table,
                    const int64_t *guide, int64_t window, int64_t negatives, double alpha_from,
                    double alpha_to, uint64_t seed, int32_t *buffer, float *work)
{
    uint64_t rng = seed;
    int64_t total = starts[last] - starts[first], done = 0;
    if (total < 1)
        total = 1;
    for (int64_t sentence = first; sentence < last; sentence++) {
        int64_t lo = starts[sentence], hi = starts[sentence + 1], n = 0;
        float alpha = (float)(alpha_from + (alpha_to - alpha_from) * ((double)done / (double)total));
        for (int64_t p = lo; p < hi; p++) { /* subsampling: keep each occurrence with its word's chance */
            int32_t w = ids[p];
            rng = next(rng);
            if (keep[w] >= 1.0 || (double)(rng >> 11) * TO_UNIT < keep[w])
                buffer[n++] = w;
        }
        for (int64_t i = 0; i < n; i++) {
            rng = next(rng);
            int64_t radius = window - (int64_t)((rng >> 16) % (uint64_t)window); /* 1..window */
            int64_t from = i - radius > 0 ? i - radius : 0, to = i + radius + 1 < n ? i + radius + 1 : n;
            float *vc = W + (int64_t)buffer[i] * d;
            for (int64_t j = from; j < to; j++) {
                if (j == i)
                    continue;
                int32_t o = buffer[j];
                for (int64_t t = 0; t < d; t++)
                    work[t] = 0.0f;
                float *uo = Wout + (int64_t)o * d;
                update(uo, vc, work, d, (float)positive(dot(vc, uo, d)), alpha);
                for (int64_t k = 0; k < negatives; k++) {
                    int64_t drawn = o;
                    while (drawn == o) { /* a negative draw is never the outside word itself */
                        rng = next(rng);
                        drawn = draw(table, guide, V, (double)(rng >> 11) * TO_UNIT);
                    }
                    float *uk = Wout + drawn * d;
                    update(uk, vc, work, d, (float)negative(dot(vc, uk, d)), alpha);
                }
                for (int64_t t = 0; t < d; t++)
                    vc[t] -= alpha * work[t];
            }
        }
        done += hi - lo;
    }
    return done;
}

/* The mean loss of n fixed pairs, each with its `negatives` drawn rows (drawn is n×negatives). */
double mean_loss(const float *W, const float *Wout, int64_t d, const int64_t *centers,
                 const int64_t *outsides, const int64_t *drawn, int64_t n, int64_t negatives)
{
    double sum = 0.0;
    for (int64_t p = 0; p < n; p++) {
        const float *vc = W + centers[p] * d;
        sum += positive_loss(dot(vc, Wout + outsides[p] * d, d));
        for (int64_t k = 0; k < negatives; k++)
            sum += negative_loss(dot(vc, Wout + drawn[p * negatives + k] * d, d));
    }
    return n > 0 ? sum / (double)n : 0.0;
}

/* The word a uniform u in [0, 1) draws, and the generated scalar functions themselves: for the
   tests that compare them with NumPy's searchsorted and with SymPy. */
int64_t draw_word(const double *table, const int64_t *guide, int64_t V, double u) { return draw(table, guide, V, u); }
double kernel_positive(double s) { return positive(s); }
double kernel_negative(double s) { return negative(s); }
float kernel_center(float g, float u) { return center(g, u); }
float kernel_outside(float g, float v) { return outside(g, v); }
double kernel_positive_loss(double s) { return positive_loss(s); }
double kernel_negative_loss(double s) { return negative_loss(s); }
