/* SPDX-License-Identifier: MIT */
/*
 * Formatted output of the freestanding runtime.  One formatter,
 * vcbprintf(), hands its output to a callback; the snprintf family and
 * every console (hypervisor, Dom0, guests) are built on it.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct spec {
	int left, zero, plus, space, alt;
	int width, precision;	/* precision < 0: none given */
	int length;		/* 'H' hh, 'h', 'l', 'L' ll, 'z', 't', 'j' */
	char conv;
};

struct out {
	void (*emit)(void *arg, const char *s, size_t n);
	void *arg;
	int count;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (n)
		o->emit(o->arg, s, n);
	o->count += (int)n;
}

static void pad(struct out *o, char c, int n)
{
	char buf[16];

	memset(buf, c, sizeof(buf));
	for (; n > 0; n -= 16)
		put(o, buf, n < 16 ? (size_t)n : 16);
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	memset(sp, 0, sizeof(*sp));
	sp->precision = -1;
	for (;; f++) {
		if (*f == '-')
			sp->left = 1;
		else if (*f == '0')
			sp->zero = 1;
		else if (*f == '+')
			sp->plus = 1;
		else if (*f == ' ')
			sp->space = 1;
		else if (*f == '#')
			sp->alt = 1;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = 1;
			sp->width = -sp->width;
		}
		f++;
	}
	for (; *f >= '0' && *f <= '9'; f++)
		sp->width = sp->width * 10 + (*f - '0');
	if (*f == '.') {
		f++;
		sp->precision = 0;
		if (*f == '*') {
			sp->precision = va_arg(*ap, int);
			f++;
		}
		for (; *f >= '0' && *f <= '9'; f++)
			sp->precision = sp->precision * 10 + (*f - '0');
	}
	if (f[0] == 'h' && f[1] == 'h')
		sp->length = 'H', f += 2;
	else if (f[0] == 'l' && f[1] == 'l')
		sp->length = 'L', f += 2;
	else if (*f == 'h' || *f == 'l' || *f == 'z' || *f == 't' || *f == 'j')
		sp->length = *f++;
	sp->conv = *f;
	return *f ? f + 1 : f;
}

static uint64_t take_unsigned(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case 'H': return (unsigned char)va_arg(*ap, unsigned int);
	case 'h': return (unsigned short)va_arg(*ap, unsigned int);
	case 'l': return va_arg(*ap, unsigned long);
	case 'L': return va_arg(*ap, unsigned long long);
	case 'z': return va_arg(*ap, size_t);
	case 't': return (uint64_t)va_arg(*ap, ptrdiff_t);
	case 'j': return va_arg(*ap, uintmax_t);
	default: return va_arg(*ap, unsigned int);
	}
}

static int64_t take_signed(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case 'H': return (signed char)va_arg(*ap, int);
	case 'h': return (short)va_arg(*ap, int);
	case 'l': return va_arg(*ap, long);
	case 'L': return va_arg(*ap, long long);
	case 'z': return (int64_t)va_arg(*ap, size_t);
	case 't': return va_arg(*ap, ptrdiff_t);
	case 'j': return va_arg(*ap, intmax_t);
	default: return va_arg(*ap, int);
	}
}

static void put_number(struct out *o, const struct spec *sp, uint64_t v,
		       int negative)
{
	const char *digits = sp->conv == 'X' ? "0123456789ABCDEF"
					     : "0123456789abcdef";
	unsigned int base = 10;
	char buf[24], sign[3];
	int n = 0, nsign = 0, zeros, fill;

	if (sp->conv == 'x' || sp->conv == 'X' || sp->conv == 'p')
		base = 16;
	else if (sp->conv == 'o')
		base = 8;
	do {
		buf[sizeof(buf) - ++n] = digits[v % base];
		v /= base;
	} while (v);
	if (sp->precision == 0 && n == 1 && buf[sizeof(buf) - 1] == '0')
		n = 0;
	if (negative)
		sign[nsign++] = '-';
	else if (sp->plus)
		sign[nsign++] = '+';
	else if (sp->space)
		sign[nsign++] = ' ';
	if ((sp->alt && base == 16 && n) || sp->conv == 'p') {
		sign[nsign++] = '0';
		sign[nsign++] = sp->conv == 'X' ? 'X' : 'x';
	} else if (sp->alt && base == 8) {
		sign[nsign++] = '0';
	}
	zeros = sp->precision > n ? sp->precision - n : 0;
	fill = sp->width - nsign - zeros - n;
	if (sp->zero && !sp->left && sp->precision < 0 && fill > 0) {
		zeros += fill;
		fill = 0;
	}
	if (!sp->left)
		pad(o, ' ', fill);
	put(o, sign, (size_t)nsign);
	pad(o, '0', zeros);
	put(o, buf + sizeof(buf) - n, (size_t)n);
	if (sp->left)
		pad(o, ' ', fill);
}

static void put_string(struct out *o, const struct spec *sp, const char *s)
{
	size_t n;
	int fill;

	if (!s)
		s = "(null)";
	n = sp->precision >= 0 ? strnlen(s, (size_t)sp->precision) : strlen(s);
	fill = sp->width - (int)n;
	if (!sp->left)
		pad(o, ' ', fill);
	put(o, s, n);
	if (sp->left)
		pad(o, ' ', fill);
}

int vcbprintf(void (*emit)(void *arg, const char *s, size_t n), void *arg,
	      const char *fmt, va_list ap)
{
	struct out o = { emit, arg, 0 };
	struct spec sp;
	const char *lit;
	va_list args;
	int64_t sv;
	char c;

	va_copy(args, ap);
	while (*fmt) {
		for (lit = fmt; *fmt && *fmt != '%'; fmt++)
			;
		put(&o, lit, (size_t)(fmt - lit));
		if (!*fmt)
			break;
		fmt = parse_spec(fmt + 1, &sp, &args);
		switch (sp.conv) {
		case 'd':
		case 'i':
			sv = take_signed(&sp, &args);
			put_number(&o, &sp, sv < 0 ? 0 - (uint64_t)sv : (uint64_t)sv,
				   sv < 0);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			put_number(&o, &sp, take_unsigned(&sp, &args), 0);
			break;
		case 'p':
			put_number(&o, &sp, (uintptr_t)va_arg(args, void *), 0);
			break;
		case 's':
			put_string(&o, &sp, va_arg(args, const char *));
			break;
		case 'c':
			c = (char)va_arg(args, int);
			put(&o, &c, 1);
			break;
		case '%':
			put(&o, "%", 1);
			break;
		default:	/* unknown conversion: print it as it stands */
			put(&o, "%", 1);
			put(&o, &sp.conv, sp.conv ? 1 : 0);
			break;
		}
	}
	va_end(args);
	return o.count;
}

struct sbuf {
	char *buf;
	size_t size, len;
};

static void sbuf_emit(void *arg, const char *s, size_t n)
{
	struct sbuf *b = arg;
	size_t room = b->len < b->size ? b->size - b->len : 0;

	memcpy(b->buf + b->len, s, n < room ? n : room);
	b->len += n < room ? n : room;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sbuf b = { buf, size ? size - 1 : 0, 0 };
	int n = vcbprintf(sbuf_emit, &b, fmt, ap);

	if (size)
		buf[b.len] = '\0';
	return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
