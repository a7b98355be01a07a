// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * isa_sample: a binary full of the instructions hashguard classifies, for
 * the objdump cross-check (odcheck).  Compiled with every -m flag gcc 12
 * accepts for them; instructions gcc never emits are in the asm block.
 * It is only disassembled, never run.
 */
#include <immintrin.h>
#include <x86intrin.h>
#include <stdint.h>

__m128i aes_rounds(__m128i s, const __m128i *k);
__m256i vaes_rounds(__m256i s, __m256i k);
__m512i vaes512(__m512i s, __m512i k);
__m128i sha_rounds(__m128i a, __m128i b, __m128i c);
__m128i clmul(__m128i a, __m128i b);
__m512i vclmul(__m512i a, __m512i b);
__m512i gfni(__m512i a, __m512i b);
__m128i gfni128(__m128i a, __m128i b);
__m256i gfni256(__m256i a, __m256i b);
__m512i arx512(__m512i a, __m512i b, __m512i c);
__m256i arx256(__m256i a, __m256i b);
__m128i arx128(__m128i a, __m128i b);
uint32_t sha256_scalar(uint32_t a, uint32_t b, uint32_t c);
uint64_t shld(uint64_t a, uint64_t b, int n);
double fp_mix(double a, double b, float c);
__m512h fp16(__m512h a, __m512h b);
__m256d fma_pd(__m256d a, __m256d b, __m256d c);
void rounding(unsigned int csr);
void asm_block(void);
int main(void);

__m128i aes_rounds(__m128i s, const __m128i *k)
{
	int i;

	s = _mm_xor_si128(s, k[0]);
	for (i = 1; i < 10; i++)
		s = _mm_aesenc_si128(s, k[i]);
	s = _mm_aesenclast_si128(s, k[10]);
	s = _mm_aesdec_si128(s, k[1]);
	s = _mm_aesdeclast_si128(s, k[2]);
	s = _mm_xor_si128(s, _mm_aesimc_si128(k[3]));
	return _mm_xor_si128(s, _mm_aeskeygenassist_si128(k[4], 0x1b));
}

__m256i vaes_rounds(__m256i s, __m256i k)
{
	s = _mm256_aesenc_epi128(s, k);
	s = _mm256_aesenclast_epi128(s, k);
	s = _mm256_aesdec_epi128(s, k);
	return _mm256_aesdeclast_epi128(s, k);
}

__m512i vaes512(__m512i s, __m512i k)
{
	s = _mm512_aesenc_epi128(s, k);
	return _mm512_aesdeclast_epi128(s, k);
}

__m128i sha_rounds(__m128i a, __m128i b, __m128i c)
{
	a = _mm_sha1rnds4_epu32(a, b, 1);
	a = _mm_sha1nexte_epu32(a, b);
	a = _mm_sha1msg1_epu32(a, b);
	a = _mm_sha1msg2_epu32(a, b);
	a = _mm_sha256rnds2_epu32(a, b, c);
	a = _mm_sha256msg1_epu32(a, b);
	return _mm_sha256msg2_epu32(a, c);
}

__m128i clmul(__m128i a, __m128i b)
{
	return _mm_xor_si128(_mm_clmulepi64_si128(a, b, 0x00),
			     _mm_clmulepi64_si128(a, b, 0x11));
}

__m512i vclmul(__m512i a, __m512i b)
{
	return _mm512_clmulepi64_epi128(a, b, 0x10);
}

__m512i gfni(__m512i a, __m512i b)
{
	a = _mm512_gf2p8mul_epi8(a, b);
	a = _mm512_gf2p8affine_epi64_epi8(a, b, 3);
	return _mm512_gf2p8affineinv_epi64_epi8(a, b, 5);
}

__m128i gfni128(__m128i a, __m128i b)
{
	return _mm_gf2p8affine_epi64_epi8(_mm_gf2p8mul_epi8(a, b), b, 1);
}

__m256i gfni256(__m256i a, __m256i b)
{
	return _mm256_gf2p8affineinv_epi64_epi8(_mm256_gf2p8mul_epi8(a, b), b, 1);
}

__m512i arx512(__m512i a, __m512i b, __m512i c)
{
	a = _mm512_add_epi32(a, b);
	c = _mm512_xor_si512(c, a);
	c = _mm512_rol_epi32(c, 16);
	c = _mm512_ror_epi64(c, 7);
	c = _mm512_rolv_epi32(c, b);
	c = _mm512_ternarylogic_epi32(a, b, c, 0x96);
	c = _mm512_shuffle_epi8(c, b);
	return _mm512_add_epi64(c, _mm512_slli_epi64(a, 3));
}

__m256i arx256(__m256i a, __m256i b)
{
	a = _mm256_add_epi32(a, b);
	b = _mm256_xor_si256(b, a);
	b = _mm256_or_si256(_mm256_slli_epi32(b, 7), _mm256_srli_epi32(b, 25));
	b = _mm256_shuffle_epi32(b, 0x93);
	return _mm256_alignr_epi8(b, a, 4);
}

__m128i arx128(__m128i a, __m128i b)
{
	a = _mm_add_epi32(a, b);
	b = _mm_xor_si128(b, a);
	b = _mm_or_si128(_mm_slli_epi32(b, 7), _mm_srli_epi32(b, 25));
	b = _mm_add_epi64(b, _mm_srli_epi64(a, 9));
	return _mm_shuffle_epi8(_mm_shuffle_epi32(b, 0x4e), a);
}

uint32_t sha256_scalar(uint32_t a, uint32_t b, uint32_t c)
{
	uint32_t s0 = ((a >> 2) | (a << 30)) ^ ((a >> 13) | (a << 19)) ^
		      ((a >> 22) | (a << 10));

	return s0 + (~a & c) + (b << 3) + (c >> 5);
}

uint64_t shld(uint64_t a, uint64_t b, int n)
{
	__asm__("shldq %%cl, %1, %0" : "+r"(a) : "r"(b), "c"(n));
	return a;
}

double fp_mix(double a, double b, float c)
{
	long double x = (long double)a * b;

	return __builtin_sqrt(a * b + c) / (b - a) + (double)(x / 3.0L);
}

__m512h fp16(__m512h a, __m512h b)
{
	return _mm512_fmadd_ph(a, b, _mm512_add_ph(a, b));
}

__m256d fma_pd(__m256d a, __m256d b, __m256d c)
{
	return _mm256_fmadd_pd(a, b, _mm256_fmsub_pd(b, c, a));
}

void rounding(unsigned int csr)
{
	unsigned short cw = 0x37f;

	_mm_setcsr(csr);
	__asm__ volatile("fldcw %0" : : "m"(cw));
}

/*
 * Hand-written encodings: every prefix/ModRM/SIB/displacement/immediate
 * form of the length decoder, and ISA extensions gcc does not emit.
 */
void asm_block(void)
{
	__asm__ volatile(
		/* ModRM / SIB / displacement forms */
		"add %%eax, (%%rax)\n\t"
		"add %%eax, (%%rsp)\n\t"
		"add %%eax, (%%rbp)\n\t"
		"add %%eax, 0x12(%%rbp)\n\t"
		"add %%eax, 0x12345678(%%rbp)\n\t"
		"add %%eax, 0x12(%%rip)\n\t"
		"add %%eax, 0x12(,%%rax,4)\n\t"
		"add %%eax, (%%r13,%%r12,8)\n\t"
		"add %%eax, 0x7f(%%rsp,%%rbp,2)\n\t"
		"add %%r8, -0x80000000(%%r12)\n\t"
		"addr32 add %%eax, (%%eax)\n\t"
		"movl 0x1234, %%eax\n\t"
		/* immediates */
		"add $0x12, %%al\n\t"
		"add $0x1234, %%ax\n\t"
		"add $0x12345678, %%eax\n\t"
		"add $0x12345678, %%rax\n\t"
		"addw $0x1234, 0x10(%%rax)\n\t"
		"addq $0x12, (%%rax)\n\t"
		"movabs $0x123456789abcdef0, %%r11\n\t"
		"mov $0x12345678, %%r11d\n\t"
		"mov $0x1234, %%r11w\n\t"
		"movabs 0x1122334455667788, %%al\n\t"
		"movabs 0x1122334455667788, %%rax\n\t"
		"movabs %%eax, 0x1122334455667788\n\t"
		"addr32 mov 0x11223344, %%eax\n\t"
		"enter $0x1234, $5\n\t"
		"ret $8\n\t"
		"lretq $16\n\t"
		"testb $1, (%%rax)\n\t"
		"testw $0x1234, (%%rax)\n\t"
		"testl $0x12345678, 0x10(%%rax)\n\t"
		"testq $-1, %%r9\n\t"
		"notl (%%rax)\n\t"
		"negq %%rax\n\t"
		"mulq 0x8(%%rsp)\n\t"
		"idivb %%cl\n\t"
		"imul $0x12, %%eax, %%ecx\n\t"
		"imul $0x1234, %%ax, %%cx\n\t"
		"imul $0x12345678, (%%rax), %%rcx\n\t"
		"pushq $0x12345678\n\t"
		"pushw $0x1234\n\t"
		"push $0x12\n\t"
		"int $0x80\n\t"
		"in $0x12, %%al\n\t"
		"out %%eax, $0x12\n\t"
		"xabort $0x12\n\t"
		"1: xbegin 1b\n\t"
		"call 1b\n\t"
		"jmp 1b\n\t"
		"je 1b\n\t"
		"jrcxz 1b\n\t"
		"loop 1b\n\t"
		".byte 0x66, 0xe8, 0, 0, 0, 0\n\t"	/* data16 call, Intel rel32 */
		".byte 0x66, 0x0f, 0x84, 0, 0, 0, 0\n\t"
		/* prefixes */
		"lock xaddl %%eax, (%%rbx)\n\t"
		"rep stosb\n\t"
		"repne scasb\n\t"
		"fs movq (%%rax), %%rax\n\t"
		"gs movl %%gs:0x10, %%eax\n\t"
		".byte 0x66, 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0\n\t"
		".byte 0x2e, 0x2e, 0x2e, 0x2e, 0x2e, 0x66, 0x48, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0\n\t"
		".byte 0x48, 0x66, 0x90\n\t"		/* REX then 66: REX ignored */
		".byte 0x40, 0x41, 0x90\n\t"		/* two REX */
		/* shifts and rotates */
		"rolb $3, (%%rax)\n\t"
		"rorl %%cl, %%edx\n\t"
		"roll %%eax\n\t"
		"shlq $7, %%r8\n\t"
		"sarw %%cl, (%%rbx)\n\t"
		"shrb %%al\n\t"
		"rclq $1, %%rax\n\t"
		"rcrl $3, %%eax\n\t"
		"shldl $5, %%eax, (%%rbx)\n\t"
		"shrdq %%cl, %%rax, %%rbx\n\t"
		"rorx $13, %%eax, %%ecx\n\t"
		"rorx $13, (%%rax), %%rcx\n\t"
		"andn %%eax, %%ebx, %%ecx\n\t"
		"shlx %%eax, %%ebx, %%ecx\n\t"
		"sarx %%rax, (%%rbx), %%rcx\n\t"
		"shrx %%eax, %%ebx, %%ecx\n\t"
		"bextr %%eax, %%ebx, %%ecx\n\t"
		"xorl %%eax, %%eax\n\t"
		"xorl %%ebx, %%eax\n\t"
		"xorq $0x55, %%r10\n\t"
		"xorb $0x55, %%al\n\t"
		"xor (%%rax), %%r12\n\t"
		"addl %%eax, (%%rax)\n\t"
		/* crypto */
		"aesenc (%%rax), %%xmm1\n\t"
		"aesenc %%xmm2, %%xmm1\n\t"
		"aesenclast %%xmm2, %%xmm1\n\t"
		"aesdec %%xmm2, %%xmm1\n\t"
		"aesdeclast %%xmm2, %%xmm1\n\t"
		"aesimc %%xmm2, %%xmm1\n\t"
		"aeskeygenassist $1, %%xmm2, %%xmm1\n\t"
		"vaesenc %%xmm2, %%xmm3, %%xmm1\n\t"
		"vaesenc %%ymm12, %%ymm3, %%ymm11\n\t"
		"vaesenc %%zmm2, %%zmm3, %%zmm1\n\t"
		"vaesdeclast %%zmm22, %%zmm23, %%zmm21\n\t"
		"vaesimc %%xmm2, %%xmm1\n\t"
		"vaeskeygenassist $1, %%xmm2, %%xmm1\n\t"
		"aesenc128kl (%%rax), %%xmm1\n\t"
		"aesdec128kl (%%rax), %%xmm1\n\t"
		"aesenc256kl (%%rax), %%xmm1\n\t"
		"aesdec256kl 0x10(%%rax), %%xmm1\n\t"
		"aesencwide128kl (%%rax)\n\t"
		"aesdecwide128kl (%%rax)\n\t"
		"aesencwide256kl (%%rax)\n\t"
		"aesdecwide256kl (%%rax)\n\t"
		"loadiwkey %%xmm2, %%xmm1\n\t"
		"encodekey128 %%eax, %%ebx\n\t"
		"encodekey256 %%eax, %%ebx\n\t"
		"sha1rnds4 $3, %%xmm2, %%xmm1\n\t"
		"sha1nexte (%%rax), %%xmm1\n\t"
		"sha1msg1 %%xmm2, %%xmm1\n\t"
		"sha1msg2 %%xmm2, %%xmm1\n\t"
		"sha256rnds2 %%xmm0, %%xmm2, %%xmm1\n\t"
		"sha256msg1 %%xmm2, %%xmm1\n\t"
		"sha256msg2 %%xmm2, %%xmm1\n\t"
		"pclmulqdq $0x11, %%xmm2, %%xmm1\n\t"
		"pclmullqhqdq (%%rax), %%xmm1\n\t"
		"vpclmulqdq $0x01, %%xmm2, %%xmm3, %%xmm1\n\t"
		"vpclmulqdq $0x10, %%ymm2, %%ymm3, %%ymm1\n\t"
		"vpclmulqdq $0x10, %%zmm2, %%zmm3, %%zmm1\n\t"
		"vpclmulqdq $0x10, %%ymm18, %%ymm3, %%ymm1\n\t"
		"gf2p8mulb %%xmm2, %%xmm1\n\t"
		"gf2p8affineqb $1, %%xmm2, %%xmm1\n\t"
		"gf2p8affineinvqb $1, (%%rax), %%xmm1\n\t"
		"vgf2p8mulb %%ymm2, %%ymm3, %%ymm1\n\t"
		"vgf2p8affineqb $1, %%zmm2, %%zmm3, %%zmm1\n\t"
		/* SIMD hash rounds */
		"pxor %%xmm2, %%xmm1\n\t"
		"pxor %%xmm1, %%xmm1\n\t"
		"pxor %%mm2, %%mm1\n\t"
		"vpxor %%ymm2, %%ymm3, %%ymm1\n\t"
		"vpxor %%ymm3, %%ymm3, %%ymm1\n\t"
		"vpxord %%zmm2, %%zmm3, %%zmm1\n\t"
		"vpxorq %%zmm2, %%zmm3, %%zmm1%{%%k1%}\n\t"
		"paddd %%xmm2, %%xmm1\n\t"
		"paddq %%xmm2, %%xmm1\n\t"
		"vpaddd %%ymm2, %%ymm3, %%ymm1\n\t"
		"vpaddq 0x40(%%rax), %%zmm3, %%zmm1\n\t"
		"pslld $7, %%xmm1\n\t"
		"psrld $25, %%xmm1\n\t"
		"psllq $7, %%xmm1\n\t"
		"psrlq $25, %%xmm1\n\t"
		"psrad $3, %%xmm1\n\t"
		"pslldq $3, %%xmm1\n\t"
		"vpslld $7, %%ymm2, %%ymm1\n\t"
		"vpsrlq $7, (%%rax), %%zmm1\n\t"
		"vprold $7, %%zmm2, %%zmm1\n\t"
		"vprorq $7, %%ymm2, %%ymm1\n\t"
		"vprolvd %%zmm2, %%zmm3, %%zmm1\n\t"
		"vprorvq %%zmm2, %%zmm3, %%zmm1\n\t"
		"pshufb %%xmm2, %%xmm1\n\t"
		"vpshufb %%ymm2, %%ymm3, %%ymm1\n\t"
		"pshufd $0x93, %%xmm2, %%xmm1\n\t"
		"vpternlogd $0x96, %%zmm2, %%zmm3, %%zmm1\n\t"
		"vpternlogq $0x96, %%ymm2, %%ymm3, %%ymm1\n\t"
		"palignr $4, %%xmm2, %%xmm1\n\t"
		"vpalignr $4, %%ymm2, %%ymm3, %%ymm1\n\t"
		"vpshldd $7, %%zmm2, %%zmm3, %%zmm1\n\t"
		"vpshrdvq %%zmm2, %%zmm3, %%zmm1\n\t"
		"xorps %%xmm2, %%xmm1\n\t"
		/* XOP, FMA4 */
		"vprotd $7, %%xmm2, %%xmm1\n\t"
		"vprotq %%xmm3, %%xmm2, %%xmm1\n\t"
		"vpcmov %%xmm3, %%xmm2, %%xmm1, %%xmm0\n\t"
		"vfrczps %%xmm2, %%xmm1\n\t"
		"bextr $0x1234, %%eax, %%ebx\n\t"
		"lwpins $0x12345678, (%%rax), %%ebx\n\t"
		"vfmaddps %%xmm3, %%xmm2, %%xmm1, %%xmm0\n\t"
		/* 3DNow! */
		"femms\n\t"
		"pfadd %%mm2, %%mm1\n\t"
		"pfmul 0x10(%%rax), %%mm1\n\t"
		"pavgusb %%mm2, %%mm1\n\t"
		"pmulhrw %%mm2, %%mm1\n\t"
		"pi2fd %%mm2, %%mm1\n\t"
		"pswapd %%mm2, %%mm1\n\t"
		"pfrcp %%mm2, %%mm1\n\t"
		"prefetch (%%rax)\n\t"
		"prefetchw (%%rax)\n\t"
		/* rounding, FP */
		"ldmxcsr (%%rax)\n\t"
		"vldmxcsr 0x10(%%rsp)\n\t"
		"stmxcsr (%%rax)\n\t"
		"fldcw (%%rax)\n\t"
		"fnstcw (%%rax)\n\t"
		"fldenv (%%rax)\n\t"
		"fninit\n\t"
		"fnstsw %%ax\n\t"
		"fadd %%st(1), %%st\n\t"
		"fmull (%%rax)\n\t"
		"fdivrp\n\t"
		"fsqrt\n\t"
		"fcmovne %%st(1), %%st\n\t"
		"fildll (%%rax)\n\t"
		"fisttpl (%%rax)\n\t"
		"fxrstor (%%rax)\n\t"
		"addsd %%xmm2, %%xmm1\n\t"
		"mulpd (%%rax), %%xmm1\n\t"
		"divss %%xmm2, %%xmm1\n\t"
		"sqrtpd %%xmm2, %%xmm1\n\t"
		"rsqrtps %%xmm2, %%xmm1\n\t"
		"haddpd %%xmm2, %%xmm1\n\t"
		"addsubps %%xmm2, %%xmm1\n\t"
		"roundsd $3, %%xmm2, %%xmm1\n\t"
		"dppd $0x31, %%xmm2, %%xmm1\n\t"
		"vaddpd %%ymm2, %%ymm3, %%ymm1\n\t"
		"vdivpd %%zmm2, %%zmm3, %%zmm1\n\t"
		"vsqrtsd %{rn-sae%}, %%xmm2, %%xmm3, %%xmm1\n\t"
		"vaddph %%zmm2, %%zmm3, %%zmm1\n\t"
		"vmulsh %%xmm2, %%xmm3, %%xmm1\n\t"
		"vfmadd231ph %%zmm2, %%zmm3, %%zmm1\n\t"
		"vfmadd132sd %%xmm2, %%xmm3, %%xmm1\n\t"
		"vrndscalepd $1, %%zmm2, %%zmm1\n\t"
		"vrcp14ps %%zmm2, %%zmm1\n\t"
		"vrcpph %%zmm2, %%zmm1\n\t"
		"vrsqrtsh %%xmm2, %%xmm3, %%xmm1\n\t"
		"vfmaddcph %%zmm2, %%zmm3, %%zmm1\n\t"
		"vfcmulcsh %%xmm2, %%xmm3, %%xmm1\n\t"
		"vsqrtph %%zmm2, %%zmm1\n\t"
		"vminsh %%xmm2, %%xmm3, %%xmm1\n\t"
		/* VEX map 1 oddities */
		"vzeroupper\n\t"
		"vzeroall\n\t"
		"vpsrldq $3, %%ymm2, %%ymm1\n\t"
		"vcmpps $3, %%ymm2, %%ymm3, %%ymm1\n\t"
		"vpinsrw $3, %%eax, %%xmm2, %%xmm1\n\t"
		"vpextrw $3, %%xmm2, %%eax\n\t"
		"vshufps $3, %%ymm2, %%ymm3, %%ymm1\n\t"
		"vpshufhw $3, %%ymm2, %%ymm1\n\t"
		"kmovw %%k1, %%eax\n\t"
		"kandw %%k1, %%k2, %%k3\n\t"
		"vpcmpd $1, %%zmm2, %%zmm3, %%k1\n\t"
		"vpbroadcastd 0x40(%%rax,%%rbx,4), %%zmm29%{%%k7%}%{z%}\n\t"
		"vmovdqu64 %%zmm30, -0x40(%%rsp)\n\t"
		"vcvtne2ps2bf16 %%zmm2, %%zmm3, %%zmm1\n\t"
		/* 0F map oddities */
		"mov %%cr0, %%rax\n\t"
		"mov %%rax, %%dr7\n\t"
		"extrq $3, $5, %%xmm1\n\t"
		"insertq $3, $5, %%xmm2, %%xmm1\n\t"
		"extrq %%xmm2, %%xmm1\n\t"
		"vmread %%rax, (%%rbx)\n\t"
		"ud2\n\t"
		"ud1 (%%rax), %%eax\n\t"
		"ud0 (%%rax), %%eax\n\t"
		"cpuid\n\t"
		"rdtsc\n\t"
		"syscall\n\t"
		"endbr64\n\t"
		"xgetbv\n\t"
		"rdrand %%eax\n\t"
		"cmpxchg16b (%%rax)\n\t"
		"bswap %%r9\n\t"
		"btl $3, (%%rax)\n\t"
		"popcnt %%rax, %%rbx\n\t"
		"crc32b %%al, %%ebx\n\t"
		"movbe (%%rax), %%ebx\n\t"
		"adcx %%eax, %%ebx\n\t"
		"pshufw $3, %%mm2, %%mm1\n\t"
		"pinsrw $3, %%eax, %%xmm1\n\t"
		"shufps $3, %%xmm2, %%xmm1\n\t"
		"cmpps $3, %%xmm2, %%xmm1\n\t"
		"pop (%%rax)\n\t"
		"pop %%r10\n\t"
		"movsxd %%eax, %%rbx\n\t"
		"xlat\n\t"
		"iretq\n\t"
		"int1\n\t"
		"hlt\n\t"
		"cwtl\n\t"
		"sahf\n\t"
		"wait\n\t"
		"fnclex\n\t"
		: : : "memory");
}

int main(void)
{
	return 0;
}
