/* SPDX-License-Identifier: MIT */
/* The xen_version hypercall: what a guest learns of the hypervisor. */
#include <errno.h>
#include <string.h>
#include <xen/version.h>
#include <asm/hvm.h>
#include <hv/domain.h>
#include <hv/hypercall.h>
#include <hv/setup.h>

#ifndef XENOLITH_CHANGESET
#define XENOLITH_CHANGESET "unknown"
#endif

static uint32_t features(const struct domain *d, unsigned int submap)
{
	uint32_t f;

	if (submap != 0)
		return 0;
	f = (1u << XENFEAT_writable_page_tables) |
	    (1u << XENFEAT_writable_descriptor_tables) |
	    (1u << XENFEAT_auto_translated_physmap) |
	    (1u << XENFEAT_supervisor_mode_kernel) |
	    (1u << XENFEAT_hvm_callback_vector) |
	    /* vcpu_time_info follows the TSC each vCPU reads: Linux may use it. */
	    (1u << XENFEAT_hvm_safe_pvclock);
	if (d->is_privileged)
		f |= 1u << XENFEAT_dom0;
	return f;
}

/* Copies a fixed-size string field, NUL-padded, to the guest. */
static long put_string(struct vcpu *v, unsigned long arg, const char *s,
		       size_t size)
{
	char buf[1024];

	memset(buf, 0, size);
	strlcpy(buf, s, size);
	return copy_to_guest(v, arg, buf, size) ? -EFAULT : 0;
}

long do_xen_version(struct vcpu *v, const unsigned long *args)
{
	unsigned long cmd = args[0], arg = args[1];
	struct xen_compile_info ci;
	struct xen_feature_info fi;
	struct xen_platform_parameters pp;

	switch (cmd) {
	case XENVER_version:
		return (XENOLITH_VERSION_MAJOR << 16) | XENOLITH_VERSION_MINOR;
	case XENVER_extraversion:
		return put_string(v, arg, XENOLITH_EXTRAVERSION,
				  sizeof(xen_extraversion_t));
	case XENVER_compile_info:
		memset(&ci, 0, sizeof(ci));
		strlcpy(ci.compiler, "gcc " __VERSION__, sizeof(ci.compiler));
		strlcpy(ci.compile_by, "xenolith", sizeof(ci.compile_by));
		strlcpy(ci.compile_domain, "localdomain",
			sizeof(ci.compile_domain));
		strlcpy(ci.compile_date, __DATE__ " " __TIME__,
			sizeof(ci.compile_date));
		return copy_to_guest(v, arg, &ci, sizeof(ci)) ? -EFAULT : 0;
	case XENVER_capabilities:
		return put_string(v, arg,
				  "hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64",
				  sizeof(xen_capabilities_info_t));
	case XENVER_changeset:
		return put_string(v, arg, XENOLITH_CHANGESET,
				  sizeof(xen_changeset_info_t));
	case XENVER_platform_parameters:
		/* A PVH guest owns its whole address space: no hole for Xen. */
		pp.virt_start = 0;
		return copy_to_guest(v, arg, &pp, sizeof(pp)) ? -EFAULT : 0;
	case XENVER_get_features:
		if (copy_from_guest(v, &fi, arg, sizeof(fi)))
			return -EFAULT;
		fi.submap = features(v->domain, fi.submap_idx);
		return copy_to_guest(v, arg, &fi, sizeof(fi)) ? -EFAULT : 0;
	case XENVER_pagesize:
		return PAGE_SIZE;
	case XENVER_guest_handle:
		return copy_to_guest(v, arg, v->domain->handle,
				     sizeof(xen_domain_handle_t)) ? -EFAULT : 0;
	case XENVER_commandline:
		/* As Xen's default XSM policy: the command line is Dom0's only. */
		if (!v->domain->is_privileged)
			return -EPERM;
		return put_string(v, arg, hv_cmdline, sizeof(xen_commandline_t));
	case XENVER_build_id:
		return -ENODATA;	/* the image carries no build id */
	default:
		return -ENOSYS;
	}
}
