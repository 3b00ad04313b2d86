// Reduced-precision matrix products for the sentence encoder: int8 with AVX-512 VNNI
// (vpdpbusd) and bfloat16 with AVX-512 BF16 (vdpbf16ps).
//
// The row conversions and products run instructions the baseline x86-64 CPU lacks: call
// them only after kw_cpu_has_avx512_vnni() / kw_cpu_has_avx512_bf16() returned true. They are
// compiled for those instructions function by function (target attributes), so the rest of
// the program still runs on any CPU. On other architectures only the cpuid queries (false)
// may be called.
//
// Both products compute C = A · Wᵀ + bias with A `m × k` (one row per token) and W `n × k`
// (a PyTorch Linear weight). W is packed once into panels of KW_PANEL_COLUMNS columns;
// A is converted per call. Each element of C is summed over the depth in one fixed order that
// does not depend on m, on the tile a row falls in or on the block a thread computes, so a
// row's result never depends on the other rows of the call.
#ifndef C_ENCODER_KERNELS_H
#define C_ENCODER_KERNELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// Output columns per packed panel (four 16-lane registers).
#define KW_PANEL_COLUMNS 64
/// Rows of A per register tile.
#define KW_TILE_ROWS 6

/// Whether this CPU (and the OS, for the AVX-512 register state) supports AVX-512 F, BW and
/// VNNI, which the int8 functions need.
bool kw_cpu_has_avx512_vnni(void);
/// Whether this CPU supports AVX-512 F, BW and BF16, which the bfloat16 functions need.
bool kw_cpu_has_avx512_bf16(void);

// MARK: int8

/// The packed size in bytes of an `n × k` int8 weight: panels × depth rounded up to 4 × 64.
size_t kw_int8_packed_size(size_t n, size_t k);

/// Quantises the `n × k` row-major float weight `w` per output row (symmetric, scale =
/// max |w| / 127) into `packed` (kw_int8_packed_size bytes), writing each row's scale to
/// `scales` and the sum of its quantised values to `sums` (which, times an activation row's
/// zero point, is what that offset adds to their dot product).
void kw_int8_pack(const float *w, size_t n, size_t k, int8_t *packed, float *scales, int32_t *sums);

/// The bytes one quantised activation row takes: k rounded up to 4.
size_t kw_int8_row_stride(size_t k);

/// Quantises each row of the `m × k` float matrix `x`, first multiplied channel by channel by
/// `channel_multipliers` (k floats, or NULL for none), to unsigned bytes over the row's range:
/// scale = (max − min) / 255 with min ≤ 0 ≤ max, zero point z = round(−min / scale), byte =
/// round(x / scale) + z (nearest even), into `q` (rows of kw_int8_row_stride(k) bytes, the
/// padding set to z), with the row's scale in `scales` and z in `zero_points`.
void kw_int8_quantize_rows(const float *x, size_t m, size_t k, const float *channel_multipliers, uint8_t *q,
                           float *scales, int32_t *zero_points);

/// For rows [row_begin, row_end) and panels [panel_begin, panel_end):
/// `c[i][j] = (Σ q[i][p] · w[j][p] − zero_points[i] · sums[j]) · row_scales[i] · scales[j] + bias[j]`,
/// the sum exact in int32 (vpdpbusd), then, when `gelu` is true, GELU applied to the result (erf form, Abramowitz and Stegun 7.1.26, absolute error below 2e-7).
/// `c` has `n` floats per row.
void kw_int8_gemm(const uint8_t *q, const float *row_scales, const int32_t *zero_points, size_t k,
                  const int8_t *packed, const float *scales, const int32_t *sums,
                  const float *bias, size_t n, float *c, bool gelu,
                  size_t row_begin, size_t row_end, size_t panel_begin, size_t panel_end);

// MARK: bfloat16

/// The packed size in bfloat16 values of an `n × k` weight: panels × depth rounded up to 2 × 64.
size_t kw_bf16_packed_size(size_t n, size_t k);

/// Rounds the `n × k` row-major float weight to bfloat16 (nearest even) into `packed`.
void kw_bf16_pack(const float *w, size_t n, size_t k, uint16_t *packed);

/// The bfloat16 values one converted activation row takes: k rounded up to 2.
size_t kw_bf16_row_stride(size_t k);

/// Rounds each row of the `m × k` float matrix to bfloat16 (nearest even) into `a`.
void kw_bf16_convert_rows(const float *x, size_t m, size_t k, uint16_t *a);

/// For rows [row_begin, row_end) and panels [panel_begin, panel_end):
/// `c[i][j] = Σ a[i][p] · w[j][p] + bias[j]` (products of bfloat16 values summed in float,
/// pairs of depth indices at a time), then GELU as in kw_int8_gemm when `gelu` is true.
void kw_bf16_gemm(const uint16_t *a, size_t k, const uint16_t *packed, const float *bias, size_t n,
                  float *c, bool gelu, size_t row_begin, size_t row_end, size_t panel_begin, size_t panel_end);

#endif
