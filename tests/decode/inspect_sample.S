/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Known instruction content for test_inspect.c:
 *   aes_fn:  16 x aesenc + ret          (17 insns: 16 aes, 1 other)
 *   hash_fn: 20 x (add, rol, xor) + ret (61 insns: 40 hash_alu, 20 rotate,
 *            1 other)
 *   tiny_fn: aesenc + ret               (2 insns: below the 16 minimum)
 *   one invalid byte (06) outside any function, then int3
 * Total 82 instructions: aes 17, hash_alu 40, rotate 20, other 4,
 * invalid 1.
 */
	.text
	.globl	aes_fn
	.type	aes_fn, @function
aes_fn:
	.rept	16
	aesenc	%xmm1, %xmm0
	.endr
	ret
	.size	aes_fn, . - aes_fn

	.globl	hash_fn
	.type	hash_fn, @function
hash_fn:
	.rept	20
	add	%eax, %ebx
	rol	$7, %ebx
	xor	%ebx, %ecx
	.endr
	ret
	.size	hash_fn, . - hash_fn

	.globl	tiny_fn
	.type	tiny_fn, @function
tiny_fn:
	aesenc	%xmm1, %xmm0
	ret
	.size	tiny_fn, . - tiny_fn

	.byte	0x06
	int3
	.section .note.GNU-stack, "", @progbits
