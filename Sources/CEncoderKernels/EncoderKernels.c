// See include/CEncoderKernels.h. Functions using AVX-512 carry target attributes instead of
// the whole file being compiled for AVX-512, so including this code never makes the program
// require those instructions: callers check the cpuid queries first.
#include "CEncoderKernels.h"

#if defined(__x86_64__)

#include <cpuid.h>
#include <immintrin.h>
#include <math.h>
#include <string.h>

#define KW_TARGET_VNNI __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni,fma")))
#define KW_TARGET_BF16 __attribute__((target("avx512f,avx512bw,avx512vl,avx512bf16,fma")))
#define KW_TARGET_512 __attribute__((target("avx512f,avx512bw,avx512vl,fma")))

// MARK: cpuid

/// Whether the OS saves the AVX-512 state (XMM, YMM, opmask and both ZMM halves: XCR0 bits
/// 1, 2, 5, 6, 7) and the CPU has AVX-512 F, BW and VL. Fills the leaf-7 registers.
static bool avx512_usable(unsigned *ebx7, unsigned *ecx7) {
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & (1u << 27))) return false;  // OSXSAVE
    unsigned xcr0_low, xcr0_high;
    __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 0xE6u) != 0xE6u) return false;
    if (__get_cpuid_max(0, NULL) < 7) return false;
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    *ebx7 = ebx;
    *ecx7 = ecx;
    const unsigned f = 1u << 16, bw = 1u << 30, vl = 1u << 31;
    return (ebx & f) && (ebx & bw) && (ebx & vl);
}

bool kw_cpu_has_avx512_vnni(void) {
    unsigned ebx7, ecx7;
    return avx512_usable(&ebx7, &ecx7) && (ecx7 & (1u << 11));  // AVX512_VNNI
}

bool kw_cpu_has_avx512_bf16(void) {
    unsigned ebx7, ecx7;
    if (!avx512_usable(&ebx7, &ecx7)) return false;
    unsigned eax, ebx, ecx, edx;
    __cpuid_count(7, 1, eax, ebx, ecx, edx);
    return (eax & (1u << 5)) != 0;  // AVX512_BF16
}

// MARK: GELU

/// e^x lane by lane, as TransformerKernels.vectorExp: x = n ln2 + r, a degree-6 polynomial
/// for e^r, 2^n from the exponent bits; inputs clamped to [-87, 88].
KW_TARGET_512 static inline __m512 kw_exp(__m512 x) {
    x = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(-87.0f)), _mm512_set1_ps(88.0f));
    __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                    _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fmadd_ps(n, _mm512_set1_ps(-0.693145751953125f), x);
    r = _mm512_fmadd_ps(n, _mm512_set1_ps(-1.42860682030941723212e-6f), r);
    __m512 p = _mm512_set1_ps(1.0f / 720);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 120));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 24));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 6));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.5f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    __m512i e = _mm512_slli_epi32(_mm512_add_epi32(_mm512_cvtps_epi32(n), _mm512_set1_epi32(127)), 23);
    return _mm512_mul_ps(p, _mm512_castsi512_ps(e));
}

/// x Φ(x) = x/2 (1 + erf(x/√2)), erf by Abramowitz and Stegun 7.1.26; for negative x the
/// formula gives 1 + erf directly, without cancellation.
KW_TARGET_512 static inline __m512 kw_gelu(__m512 v) {
    __m512 z = _mm512_mul_ps(_mm512_abs_ps(v), _mm512_set1_ps(0.70710678118654752f));
    __m512 one = _mm512_set1_ps(1.0f);
    __m512 t = _mm512_div_ps(one, _mm512_fmadd_ps(_mm512_set1_ps(0.3275911f), z, one));
    __m512 p = _mm512_set1_ps(1.061405429f);
    p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(-1.453152027f));
    p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(1.421413741f));
    p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(-0.284496736f));
    p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(0.254829592f));
    __m512 q = _mm512_mul_ps(_mm512_mul_ps(p, t), kw_exp(_mm512_mul_ps(_mm512_sub_ps(_mm512_setzero_ps(), z), z)));
    __mmask16 negative = _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_LT_OQ);
    __m512 onePlusErf = _mm512_mask_blend_ps(negative, _mm512_sub_ps(_mm512_set1_ps(2.0f), q), q);
    return _mm512_mul_ps(_mm512_mul_ps(v, onePlusErf), _mm512_set1_ps(0.5f));
}

static inline __mmask16 tail_mask(size_t remaining) {
    return remaining >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << remaining) - 1);
}

static size_t panel_count(size_t n) { return (n + KW_PANEL_COLUMNS - 1) / KW_PANEL_COLUMNS; }

// MARK: int8

size_t kw_int8_row_stride(size_t k) { return (k + 3) / 4 * 4; }

size_t kw_int8_packed_size(size_t n, size_t k) {
    return panel_count(n) * kw_int8_row_stride(k) * KW_PANEL_COLUMNS;
}

void kw_int8_pack(const float *w, size_t n, size_t k, int8_t *packed, float *scales, int32_t *sums) {
    size_t depth = kw_int8_row_stride(k);
    memset(packed, 0, kw_int8_packed_size(n, k));
    for (size_t j = 0; j < n; j++) {
        const float *row = w + j * k;
        float largest = 0;
        for (size_t p = 0; p < k; p++) largest = fmaxf(largest, fabsf(row[p]));
        float inverse = largest > 0 ? 127.0f / largest : 0;
        scales[j] = largest > 0 ? largest / 127.0f : 1;
        int8_t *panel = packed + (j / KW_PANEL_COLUMNS) * depth * KW_PANEL_COLUMNS;
        size_t lane = j % KW_PANEL_COLUMNS;
        int32_t sum = 0;
        for (size_t p = 0; p < k; p++) {
            long value = lrintf(row[p] * inverse);
            value = value > 127 ? 127 : value < -127 ? -127 : value;
            // Groups of 4 depth indices: 64 columns × 4 bytes, a column's 4 bytes together.
            panel[(p / 4) * 4 * KW_PANEL_COLUMNS + lane * 4 + p % 4] = (int8_t)value;
            sum += (int32_t)value;
        }
        sums[j] = sum;
    }
}

/// Row `row` (k floats) times the channel multipliers, if any, 16 lanes at `p`.
KW_TARGET_512 static inline __m512 scaled_lanes(const float *row, const float *multipliers, size_t p, __mmask16 mask) {
    __m512 v = _mm512_maskz_loadu_ps(mask, row + p);
    return multipliers ? _mm512_mul_ps(v, _mm512_maskz_loadu_ps(mask, multipliers + p)) : v;
}

KW_TARGET_VNNI void kw_int8_quantize_rows(const float *x, size_t m, size_t k, const float *channel_multipliers,
                                          uint8_t *q, float *scales, int32_t *zero_points) {
    size_t stride = kw_int8_row_stride(k);
    for (size_t i = 0; i < m; i++) {
        const float *row = x + i * k;
        uint8_t *out = q + i * stride;
        __m512 smallest = _mm512_setzero_ps(), largest = _mm512_setzero_ps();
        for (size_t p = 0; p < k; p += 16) {
            __m512 v = scaled_lanes(row, channel_multipliers, p, tail_mask(k - p));
            smallest = _mm512_min_ps(smallest, v);
            largest = _mm512_max_ps(largest, v);
        }
        float low = _mm512_reduce_min_ps(smallest), high = _mm512_reduce_max_ps(largest);
        float range = high - low;
        float inverse = range > 0 ? 255.0f / range : 0;
        int32_t zero = range > 0 ? (int32_t)lrintf(-low * inverse) : 0;
        scales[i] = range > 0 ? range / 255.0f : 1;
        zero_points[i] = zero;
        __m512 inverse_lanes = _mm512_set1_ps(inverse);
        __m512i zero_lanes = _mm512_set1_epi32(zero);
        for (size_t p = 0; p < k; p += 16) {
            __mmask16 mask = tail_mask(k - p);
            __m512i value = _mm512_cvtps_epi32(_mm512_mul_ps(scaled_lanes(row, channel_multipliers, p, mask), inverse_lanes));
            value = _mm512_add_epi32(value, zero_lanes);
            value = _mm512_min_epi32(_mm512_max_epi32(value, _mm512_setzero_si512()), _mm512_set1_epi32(255));
            _mm512_mask_cvtepi32_storeu_epi8(out + p, mask, value);
        }
        for (size_t p = k; p < stride; p++) out[p] = (uint8_t)zero;
    }
}

/// One register tile: rows `rows` (≤ KW_TILE_ROWS; missing rows repeat the last one) of `q`
/// times one 64-column panel, then the epilogue into C.
KW_TARGET_VNNI static inline void int8_tile(
    const uint8_t *q, const float *row_scales, const int32_t *zero_points, size_t stride, size_t rows, size_t row0,
    const int8_t *panel, size_t panel_index, const float *scales, const int32_t *sums,
    const float *bias, size_t n, float *c, bool gelu) {
    const uint8_t *a[KW_TILE_ROWS];
    for (int r = 0; r < KW_TILE_ROWS; r++) a[r] = q + (row0 + ((size_t)r < rows ? (size_t)r : rows - 1)) * stride;
    __m512i acc[KW_TILE_ROWS][4];
    for (int r = 0; r < KW_TILE_ROWS; r++)
        for (int v = 0; v < 4; v++) acc[r][v] = _mm512_setzero_si512();
    size_t groups = stride / 4;
    for (size_t g = 0; g < groups; g++) {
        const int8_t *w = panel + g * 4 * KW_PANEL_COLUMNS;
        __m512i w0 = _mm512_loadu_si512(w), w1 = _mm512_loadu_si512(w + 64);
        __m512i w2 = _mm512_loadu_si512(w + 128), w3 = _mm512_loadu_si512(w + 192);
        for (int r = 0; r < KW_TILE_ROWS; r++) {
            int32_t four;
            memcpy(&four, a[r] + 4 * g, 4);
            __m512i x = _mm512_set1_epi32(four);
            acc[r][0] = _mm512_dpbusd_epi32(acc[r][0], x, w0);
            acc[r][1] = _mm512_dpbusd_epi32(acc[r][1], x, w1);
            acc[r][2] = _mm512_dpbusd_epi32(acc[r][2], x, w2);
            acc[r][3] = _mm512_dpbusd_epi32(acc[r][3], x, w3);
        }
    }
    for (size_t r = 0; r < rows; r++) {
        __m512 row_scale = _mm512_set1_ps(row_scales[row0 + r]);
        __m512i zero_point = _mm512_set1_epi32(zero_points[row0 + r]);
        float *out = c + (row0 + r) * n;
        for (size_t v = 0; v < 4; v++) {
            size_t j = panel_index * KW_PANEL_COLUMNS + v * 16;
            if (j >= n) break;
            __mmask16 mask = tail_mask(n - j);
            __m512i offset = _mm512_mullo_epi32(zero_point, _mm512_maskz_loadu_epi32(mask, sums + j));
            __m512i sum = _mm512_sub_epi32(acc[r][v], offset);
            __m512 scale = _mm512_mul_ps(_mm512_maskz_loadu_ps(mask, scales + j), row_scale);
            __m512 value = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum), scale, _mm512_maskz_loadu_ps(mask, bias + j));
            if (gelu) value = kw_gelu(value);
            _mm512_mask_storeu_ps(out + j, mask, value);
        }
    }
}

KW_TARGET_VNNI void kw_int8_gemm(const uint8_t *q, const float *row_scales, const int32_t *zero_points, size_t k,
                                 const int8_t *packed, const float *scales, const int32_t *sums,
                                 const float *bias, size_t n, float *c, bool gelu,
                                 size_t row_begin, size_t row_end, size_t panel_begin, size_t panel_end) {
    size_t stride = kw_int8_row_stride(k);
    for (size_t panel = panel_begin; panel < panel_end; panel++) {
        const int8_t *w = packed + panel * stride * KW_PANEL_COLUMNS;
        for (size_t row0 = row_begin; row0 < row_end; row0 += KW_TILE_ROWS) {
            size_t rows = row_end - row0 < KW_TILE_ROWS ? row_end - row0 : KW_TILE_ROWS;
            int8_tile(q, row_scales, zero_points, stride, rows, row0, w, panel, scales, sums, bias, n, c, gelu);
        }
    }
}

// MARK: bfloat16

/// Float to bfloat16 with round to nearest even (finite inputs), as vcvtneps2bf16.
static uint16_t bf16_from_float(float value) {
    uint32_t bits;
    memcpy(&bits, &value, 4);
    bits += 0x7FFFu + ((bits >> 16) & 1u);
    return (uint16_t)(bits >> 16);
}

size_t kw_bf16_row_stride(size_t k) { return (k + 1) / 2 * 2; }

size_t kw_bf16_packed_size(size_t n, size_t k) {
    return panel_count(n) * kw_bf16_row_stride(k) * KW_PANEL_COLUMNS;
}

void kw_bf16_pack(const float *w, size_t n, size_t k, uint16_t *packed) {
    size_t depth = kw_bf16_row_stride(k);
    memset(packed, 0, kw_bf16_packed_size(n, k) * sizeof(uint16_t));
    for (size_t j = 0; j < n; j++) {
        uint16_t *panel = packed + (j / KW_PANEL_COLUMNS) * depth * KW_PANEL_COLUMNS;
        size_t lane = j % KW_PANEL_COLUMNS;
        // Pairs of depth indices: 64 columns × 2 values, a column's pair together.
        for (size_t p = 0; p < k; p++) panel[(p / 2) * 2 * KW_PANEL_COLUMNS + lane * 2 + p % 2] = bf16_from_float(w[j * k + p]);
    }
}

KW_TARGET_BF16 void kw_bf16_convert_rows(const float *x, size_t m, size_t k, uint16_t *a) {
    size_t stride = kw_bf16_row_stride(k);
    for (size_t i = 0; i < m; i++) {
        const float *row = x + i * k;
        uint16_t *out = a + i * stride;
        for (size_t p = 0; p < k; p += 16) {
            __mmask16 mask = tail_mask(k - p);
            __m256bh value = _mm512_cvtneps_pbh(_mm512_maskz_loadu_ps(mask, row + p));
            _mm256_mask_storeu_epi16(out + p, mask, (__m256i)value);
        }
        if (stride > k) out[k] = 0;
    }
}

KW_TARGET_BF16 static inline void bf16_tile(
    const uint16_t *a0, size_t stride, size_t rows, size_t row0, const uint16_t *panel, size_t panel_index,
    const float *bias, size_t n, float *c, bool gelu) {
    const uint16_t *a[KW_TILE_ROWS];
    for (int r = 0; r < KW_TILE_ROWS; r++) a[r] = a0 + (row0 + ((size_t)r < rows ? (size_t)r : rows - 1)) * stride;
    __m512 acc[KW_TILE_ROWS][4];
    for (int r = 0; r < KW_TILE_ROWS; r++)
        for (int v = 0; v < 4; v++) acc[r][v] = _mm512_setzero_ps();
    size_t groups = stride / 2;
    for (size_t g = 0; g < groups; g++) {
        const uint16_t *w = panel + g * 2 * KW_PANEL_COLUMNS;
        __m512bh w0 = (__m512bh)_mm512_loadu_si512(w), w1 = (__m512bh)_mm512_loadu_si512(w + 32);
        __m512bh w2 = (__m512bh)_mm512_loadu_si512(w + 64), w3 = (__m512bh)_mm512_loadu_si512(w + 96);
        for (int r = 0; r < KW_TILE_ROWS; r++) {
            int32_t pair;
            memcpy(&pair, a[r] + 2 * g, 4);
            __m512bh x = (__m512bh)_mm512_set1_epi32(pair);
            acc[r][0] = _mm512_dpbf16_ps(acc[r][0], x, w0);
            acc[r][1] = _mm512_dpbf16_ps(acc[r][1], x, w1);
            acc[r][2] = _mm512_dpbf16_ps(acc[r][2], x, w2);
            acc[r][3] = _mm512_dpbf16_ps(acc[r][3], x, w3);
        }
    }
    for (size_t r = 0; r < rows; r++) {
        float *out = c + (row0 + r) * n;
        for (size_t v = 0; v < 4; v++) {
            size_t j = panel_index * KW_PANEL_COLUMNS + v * 16;
            if (j >= n) break;
            __mmask16 mask = tail_mask(n - j);
            __m512 value = _mm512_add_ps(acc[r][v], _mm512_maskz_loadu_ps(mask, bias + j));
            if (gelu) value = kw_gelu(value);
            _mm512_mask_storeu_ps(out + j, mask, value);
        }
    }
}

KW_TARGET_BF16 void kw_bf16_gemm(const uint16_t *a, size_t k, const uint16_t *packed, const float *bias, size_t n,
                                 float *c, bool gelu, size_t row_begin, size_t row_end, size_t panel_begin, size_t panel_end) {
    size_t stride = kw_bf16_row_stride(k);
    for (size_t panel = panel_begin; panel < panel_end; panel++) {
        const uint16_t *w = packed + panel * stride * KW_PANEL_COLUMNS;
        for (size_t row0 = row_begin; row0 < row_end; row0 += KW_TILE_ROWS) {
            size_t rows = row_end - row0 < KW_TILE_ROWS ? row_end - row0 : KW_TILE_ROWS;
            bf16_tile(a, stride, rows, row0, w, panel, bias, n, c, gelu);
        }
    }
}

#else  // Not x86-64: no VNNI or BF16; the cpuid queries say so and nothing else may be called.

#include <stdlib.h>

bool kw_cpu_has_avx512_vnni(void) { return false; }
bool kw_cpu_has_avx512_bf16(void) { return false; }
size_t kw_int8_packed_size(size_t n, size_t k) { (void)n; (void)k; abort(); }
void kw_int8_pack(const float *w, size_t n, size_t k, int8_t *packed, float *scales, int32_t *sums) {
    (void)w; (void)n; (void)k; (void)packed; (void)scales; (void)sums; abort();
}
size_t kw_int8_row_stride(size_t k) { (void)k; abort(); }
void kw_int8_quantize_rows(const float *x, size_t m, size_t k, const float *channel_multipliers, uint8_t *q,
                           float *scales, int32_t *zero_points) {
    (void)x; (void)m; (void)k; (void)channel_multipliers; (void)q; (void)scales; (void)zero_points; abort();
}
void kw_int8_gemm(const uint8_t *q, const float *row_scales, const int32_t *zero_points, size_t k, const int8_t *packed,
                  const float *scales, const int32_t *sums, const float *bias, size_t n, float *c, bool gelu,
                  size_t row_begin, size_t row_end, size_t panel_begin, size_t panel_end) {
    (void)q; (void)row_scales; (void)zero_points; (void)k; (void)packed; (void)scales; (void)sums; (void)bias; (void)n; (void)c;
    (void)gelu; (void)row_begin; (void)row_end; (void)panel_begin; (void)panel_end; abort();
}
size_t kw_bf16_packed_size(size_t n, size_t k) { (void)n; (void)k; abort(); }
void kw_bf16_pack(const float *w, size_t n, size_t k, uint16_t *packed) { (void)w; (void)n; (void)k; (void)packed; abort(); }
size_t kw_bf16_row_stride(size_t k) { (void)k; abort(); }
void kw_bf16_convert_rows(const float *x, size_t m, size_t k, uint16_t *a) { (void)x; (void)m; (void)k; (void)a; abort(); }
void kw_bf16_gemm(const uint16_t *a, size_t k, const uint16_t *packed, const float *bias, size_t n, float *c, bool gelu,
                  size_t row_begin, size_t row_end, size_t panel_begin, size_t panel_end) {
    (void)a; (void)k; (void)packed; (void)bias; (void)n; (void)c; (void)gelu; (void)row_begin; (void)row_end;
    (void)panel_begin; (void)panel_end; abort();
}

#endif
