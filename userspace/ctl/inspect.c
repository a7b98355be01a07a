// SPDX-License-Identifier: GPL-2.0
/*
 * hashguardctl inspect: static view of what the module's classifier sees
 * in a binary.  ELF parsing is done with libelf, which checks that section
 * headers and data lie inside the file; every libelf result is checked, so
 * truncated or corrupt files are reported, never crash.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <jansson.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "classify/classify.h"
#include "inspect.h"

#define INSPECT_MIN_FUNC_INSNS	16
#define INSPECT_TOP_DEFAULT	10

struct func {
	GElf_Addr start, end;
	const char *name;	/* NULL: code between symbols, see scan_section() */
	unsigned long insns;
	unsigned long n[HG_CLASS_MAX];
};

struct inspect {
	const char *path;
	Elf *elf;
	off_t file_size;
	unsigned long insns;
	unsigned long n[HG_CLASS_MAX];
	unsigned int sections;
	struct func *funcs;
	size_t nfuncs;
	struct func *gaps;	/* code outside any symbol, one per run */
	size_t ngaps, gaps_cap;
};

static void inspect_err(const struct inspect *in, const char *what)
{
	fprintf(stderr, "hashguardctl: inspect: %s: %s\n", in->path, what);
}

/* A libelf failure: the file is truncated or otherwise corrupt. */
static int corrupt(const struct inspect *in, const char *where)
{
	fprintf(stderr,
		"hashguardctl: inspect: %s: not an ELF file (truncated or corrupt: %s: %s)\n",
		in->path, where, elf_errmsg(-1));
	return 1;
}

static unsigned long crypto_of(const unsigned long *n)
{
	return n[HG_CLASS_AES] + n[HG_CLASS_SHA] + n[HG_CLASS_CLMUL] +
	       n[HG_CLASS_GFNI];
}

/* ARX hash rounds: add/xor/shift and rotates; multiplies are not counted */
static unsigned long hash_of(const unsigned long *n)
{
	return n[HG_CLASS_HASH_ALU] + n[HG_CLASS_HASH_SIMD] +
	       n[HG_CLASS_ROTATE];
}

static double per_mille(unsigned long part, unsigned long whole)
{
	return whole ? 1000.0 * (double)part / (double)whole : 0.0;
}

static int func_cmp_addr(const void *a, const void *b)
{
	const struct func *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

/*
 * Collect sized STT_FUNC symbols from .symtab, or .dynsym if there is no
 * .symtab (stripped binaries), sorted by address, aliases merged.
 */
static int load_funcs(struct inspect *in)
{
	Elf_Scn *scn = NULL, *symscn = NULL;
	GElf_Shdr sh, symsh = { 0 };
	Elf_Data *data;
	size_t i, n, out;

	while ((scn = elf_nextscn(in->elf, scn))) {
		if (!gelf_getshdr(scn, &sh))
			return corrupt(in, "section header");
		if (sh.sh_type == SHT_SYMTAB ||
		    (sh.sh_type == SHT_DYNSYM && !symscn)) {
			symscn = scn;
			symsh = sh;
		}
	}
	if (!symscn)
		return 0;
	if (!symsh.sh_entsize)
		return corrupt(in, "symbol table");
	data = elf_getdata(symscn, NULL);
	if (!data)
		return corrupt(in, "symbol table");
	n = data->d_size / symsh.sh_entsize;
	in->funcs = calloc(n ? n : 1, sizeof(*in->funcs));
	if (!in->funcs) {
		inspect_err(in, strerror(ENOMEM));
		return 1;
	}
	for (i = 0; i < n; i++) {
		struct func *f = &in->funcs[in->nfuncs];
		const char *name;
		GElf_Sym sym;

		if (!gelf_getsym(data, i, &sym))
			return corrupt(in, "symbol");
		if (GELF_ST_TYPE(sym.st_info) != STT_FUNC || !sym.st_size ||
		    sym.st_shndx == SHN_UNDEF)
			continue;
		name = elf_strptr(in->elf, symsh.sh_link, sym.st_name);
		if (!name)
			return corrupt(in, "symbol name");
		f->start = sym.st_value;
		f->end = sym.st_value + sym.st_size;
		f->name = name;
		in->nfuncs++;
	}
	qsort(in->funcs, in->nfuncs, sizeof(*in->funcs), func_cmp_addr);
	for (i = 0, out = 0; i < in->nfuncs; i++) {
		if (out && in->funcs[out - 1].start == in->funcs[i].start)
			continue;	/* alias */
		in->funcs[out++] = in->funcs[i];
	}
	in->nfuncs = out;
	return 0;
}

/*
 * Attribute an instruction at @at outside every symbol to the current run
 * of unnamed code, starting a new run after a symbol or a section change.
 * Stripped binaries (and hidden assembly routines such as OpenSSL's AES-NI
 * code) are only visible this way.
 */
static struct func *gap_for(struct inspect *in, GElf_Addr at, bool new_run)
{
	struct func *g;

	if (!new_run && in->ngaps)
		return &in->gaps[in->ngaps - 1];
	if (in->ngaps == in->gaps_cap) {
		size_t cap = in->gaps_cap ? 2 * in->gaps_cap : 256;

		g = realloc(in->gaps, cap * sizeof(*g));
		if (!g)
			return NULL;
		in->gaps = g;
		in->gaps_cap = cap;
	}
	g = &in->gaps[in->ngaps++];
	memset(g, 0, sizeof(*g));
	g->start = at;
	return g;
}

/* Decode one executable section, attributing instructions to functions. */
static void scan_section(struct inspect *in, const u8 *code, size_t size,
			 GElf_Addr addr)
{
	size_t off = 0, fi = 0;
	bool in_gap = false;

	/* first function that does not end before the section */
	while (fi < in->nfuncs && in->funcs[fi].end <= addr)
		fi++;
	while (off < size) {
		unsigned int rest = size - off > 64 ? 64 : size - off;
		struct hg_insn insn;
		GElf_Addr at = addr + off;
		int ret;

		ret = hg_classify_insn(HG_ARCH_X86_64, code + off, rest, &insn);
		in->insns++;
		in->n[insn.cls]++;
		while (fi < in->nfuncs && in->funcs[fi].end <= at)
			fi++;
		if (fi < in->nfuncs && in->funcs[fi].start <= at) {
			in->funcs[fi].insns++;
			in->funcs[fi].n[insn.cls]++;
			in_gap = false;
		} else {
			struct func *g = gap_for(in, at, !in_gap);

			in_gap = g;
			if (g) {
				g->end = at + insn.len;
				g->insns++;
				g->n[insn.cls]++;
			}
		}
		if (ret == HG_DECODE_TRUNCATED)
			break;		/* the section ends mid-instruction */
		off += ret > 0 ? (size_t)ret : 1;	/* resync on invalid */
	}
}

static int scan(struct inspect *in)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx, nsec;
	GElf_Ehdr eh;

	if (!gelf_getehdr(in->elf, &eh))
		return corrupt(in, "ELF header");
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_machine != EM_X86_64) {
		inspect_err(in, "not an x86-64 ELF file");
		return 1;
	}
	if (elf_getshdrstrndx(in->elf, &shstrndx) ||
	    elf_getshdrnum(in->elf, &nsec))
		return corrupt(in, "section headers");
	if (eh.e_shoff > (GElf_Off)in->file_size ||
	    (GElf_Off)nsec * eh.e_shentsize > (GElf_Off)in->file_size - eh.e_shoff) {
		fprintf(stderr,
			"hashguardctl: inspect: %s: not an ELF file (truncated or corrupt: section headers past end of file)\n",
			in->path);
		return 1;
	}
	if (load_funcs(in))
		return 1;
	while ((scn = elf_nextscn(in->elf, scn))) {
		Elf_Data *data = NULL;
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh))
			return corrupt(in, "section header");
		if (sh.sh_type != SHT_NOBITS &&
		    (sh.sh_offset > (GElf_Off)in->file_size ||
		     sh.sh_size > (GElf_Off)in->file_size - sh.sh_offset)) {
			fprintf(stderr,
				"hashguardctl: inspect: %s: not an ELF file (truncated or corrupt: section %zu past end of file)\n",
				in->path, elf_ndxscn(scn));
			return 1;
		}
		if (sh.sh_type != SHT_PROGBITS || !(sh.sh_flags & SHF_EXECINSTR))
			continue;
		in->sections++;
		while ((data = elf_getdata(scn, data))) {
			if (data->d_buf && data->d_size)
				scan_section(in, data->d_buf, data->d_size,
					     sh.sh_addr + data->d_off);
		}
		if (elf_errno())
			return corrupt(in, "section data");
	}
	return 0;
}

/* Function @i of funcs[] followed by gaps[]. */
static const struct func *func_at(const struct inspect *in, size_t i)
{
	return i < in->nfuncs ? &in->funcs[i] : &in->gaps[i - in->nfuncs];
}

/* Indices (for func_at()) of the top @k functions by density of @metric. */
static size_t top_funcs(const struct inspect *in,
			unsigned long (*metric)(const unsigned long *),
			size_t *idx, size_t k)
{
	size_t i, j, n = 0;

	for (i = 0; i < in->nfuncs + in->ngaps; i++) {
		const struct func *f = func_at(in, i);
		double d;

		if (f->insns < INSPECT_MIN_FUNC_INSNS || !metric(f->n))
			continue;
		d = per_mille(metric(f->n), f->insns);
		/* insertion into a sorted list of at most k */
		for (j = n; j > 0; j--) {
			const struct func *g = func_at(in, idx[j - 1]);

			if (per_mille(metric(g->n), g->insns) >= d)
				break;
			if (j < k)
				idx[j] = idx[j - 1];
		}
		if (j < k) {
			idx[j] = i;
			if (n < k)
				n++;
		}
	}
	return n;
}

/* Symbol name, or "<unnamed 0xSTART-0xEND>" for code between symbols. */
static const char *func_name(const struct func *f, char *buf, size_t size)
{
	if (f->name)
		return f->name;
	snprintf(buf, size, "<unnamed %#llx-%#llx>",
		 (unsigned long long)f->start, (unsigned long long)f->end);
	return buf;
}

static const struct {
	const char *key;
	const char *title;
	unsigned long (*metric)(const unsigned long *);
} inspect_rankings[] = {
	{ "crypto", "crypto (aes+sha+clmul+gfni)", crypto_of },
	{ "hash_round", "hash-round (hash_alu+hash_simd+rotate)", hash_of },
};

static void print_text(const struct inspect *in, size_t top)
{
	size_t idx[64], r, i, n;
	unsigned int c;

	printf("%s: %lu instructions in %u executable section%s, %zu functions, %zu unnamed code runs\n",
	       in->path, in->insns, in->sections, in->sections == 1 ? "" : "s",
	       in->nfuncs, in->ngaps);
	printf("  %-12s %10s %10s\n", "class", "count", "per 1000");
	for (c = 0; c < HG_CLASS_MAX; c++)
		printf("  %-12s %10lu %10.2f\n", hg_class_name(c), in->n[c],
		       per_mille(in->n[c], in->insns));
	printf("  %-12s %10lu %10.2f\n", "crypto", crypto_of(in->n),
	       per_mille(crypto_of(in->n), in->insns));
	printf("  %-12s %10lu %10.2f\n", "hash_round", hash_of(in->n),
	       per_mille(hash_of(in->n), in->insns));

	for (r = 0; r < sizeof(inspect_rankings) / sizeof(inspect_rankings[0]); r++) {
		n = top_funcs(in, inspect_rankings[r].metric, idx, top);
		printf("\nTop functions by %s density (>= %d instructions):\n",
		       inspect_rankings[r].title, INSPECT_MIN_FUNC_INSNS);
		if (!n)
			printf("  (none)\n");
		else
			printf("  %10s %8s %18s  %s\n", "per 1000", "insns",
			       "address", "function");
		for (i = 0; i < n; i++) {
			const struct func *f = func_at(in, idx[i]);
			char name[64];

			printf("  %10.2f %8lu %#18llx  %s\n",
			       per_mille(inspect_rankings[r].metric(f->n), f->insns),
			       f->insns, (unsigned long long)f->start,
			       func_name(f, name, sizeof(name)));
		}
	}
}

static json_t *class_object(const unsigned long *n, bool density,
			    unsigned long total)
{
	json_t *o = json_object();
	unsigned int c;

	for (c = 0; c < HG_CLASS_MAX; c++)
		json_object_set_new(o, hg_class_name(c), density ?
				    json_real(per_mille(n[c], total)) :
				    json_integer(n[c]));
	return o;
}

static int print_json(const struct inspect *in, size_t top)
{
	json_t *root = json_object(), *dens, *funcs;
	size_t idx[64], r, i, n;
	int ret;

	json_object_set_new(root, "file", json_string(in->path));
	json_object_set_new(root, "instructions", json_integer(in->insns));
	json_object_set_new(root, "sections", json_integer(in->sections));
	json_object_set_new(root, "classes", class_object(in->n, false, 0));
	dens = class_object(in->n, true, in->insns);
	json_object_set_new(dens, "crypto",
			    json_real(per_mille(crypto_of(in->n), in->insns)));
	json_object_set_new(dens, "hash_round",
			    json_real(per_mille(hash_of(in->n), in->insns)));
	json_object_set_new(root, "densities", dens);
	funcs = json_object();
	for (r = 0; r < sizeof(inspect_rankings) / sizeof(inspect_rankings[0]); r++) {
		json_t *list = json_array();

		n = top_funcs(in, inspect_rankings[r].metric, idx, top);
		for (i = 0; i < n; i++) {
			const struct func *f = func_at(in, idx[i]);
			json_t *o = json_object();
			char name[64];

			json_object_set_new(o, "name",
					    json_string(func_name(f, name, sizeof(name))));
			json_object_set_new(o, "symbol", json_boolean(f->name));
			json_object_set_new(o, "address", json_integer(f->start));
			json_object_set_new(o, "instructions",
					    json_integer(f->insns));
			json_object_set_new(o, "density",
					    json_real(per_mille(inspect_rankings[r].metric(f->n),
								f->insns)));
			json_object_set_new(o, "classes",
					    class_object(f->n, false, 0));
			json_array_append_new(list, o);
		}
		json_object_set_new(funcs, inspect_rankings[r].key, list);
	}
	json_object_set_new(root, "functions", funcs);
	ret = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
			 JSON_REAL_PRECISION(6));
	putchar('\n');
	json_decref(root);
	return ret ? 1 : 0;
}

int inspect_main(int argc, char **argv, bool json)
{
	struct inspect in = { 0 };
	size_t top = INSPECT_TOP_DEFAULT;
	struct stat st;
	int i, fd, ret;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--top") && i + 1 < argc) {
			char *end;
			unsigned long v = strtoul(argv[++i], &end, 10);

			if (*end || !v || v > 64) {
				fprintf(stderr, "hashguardctl: inspect: --top takes 1-64\n");
				return 2;
			}
			top = v;
		} else if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!in.path && argv[i][0] != '-') {
			in.path = argv[i];
		} else {
			in.path = NULL;
			break;
		}
	}
	if (!in.path || i < argc) {
		fprintf(stderr, "usage: hashguardctl [--json] inspect [--top N] FILE\n");
		return 2;
	}
	if (hg_classify_init()) {
		inspect_err(&in, "classifier initialisation failed");
		return 1;
	}
	if (elf_version(EV_CURRENT) == EV_NONE) {
		inspect_err(&in, elf_errmsg(-1));
		return 1;
	}
	fd = open(in.path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		inspect_err(&in, strerror(errno));
		return 1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		inspect_err(&in, "not a regular file");
		close(fd);
		return 1;
	}
	in.file_size = st.st_size;
	in.elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!in.elf || elf_kind(in.elf) != ELF_K_ELF) {
		inspect_err(&in, "not an ELF file");
		ret = 1;
	} else {
		ret = scan(&in);
		if (!ret)
			ret = json ? print_json(&in, top) : (print_text(&in, top), 0);
	}
	if (in.elf)
		elf_end(in.elf);
	close(fd);
	free(in.funcs);
	free(in.gaps);
	return ret;
}
