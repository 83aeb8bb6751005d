/* SPDX-License-Identifier: MIT */
/*
 * Build-time proof that <errno.h> of the runtime carries Xen's values.  EINTR
 * and ERESTART are internal to Xen (outside its public enum) and not checked.
 */
#include <errno.h>
#include <xen/errno.h>

_Static_assert(EPERM == XEN_EPERM, "EPERM");
_Static_assert(ENOENT == XEN_ENOENT, "ENOENT");
_Static_assert(ESRCH == XEN_ESRCH, "ESRCH");
_Static_assert(EIO == XEN_EIO, "EIO");
_Static_assert(ENXIO == XEN_ENXIO, "ENXIO");
_Static_assert(E2BIG == XEN_E2BIG, "E2BIG");
_Static_assert(ENOEXEC == XEN_ENOEXEC, "ENOEXEC");
_Static_assert(EBADF == XEN_EBADF, "EBADF");
_Static_assert(ECHILD == XEN_ECHILD, "ECHILD");
_Static_assert(EAGAIN == XEN_EAGAIN, "EAGAIN");
_Static_assert(EWOULDBLOCK == XEN_EWOULDBLOCK, "EWOULDBLOCK");
_Static_assert(ENOMEM == XEN_ENOMEM, "ENOMEM");
_Static_assert(EACCES == XEN_EACCES, "EACCES");
_Static_assert(EFAULT == XEN_EFAULT, "EFAULT");
_Static_assert(EBUSY == XEN_EBUSY, "EBUSY");
_Static_assert(EEXIST == XEN_EEXIST, "EEXIST");
_Static_assert(EXDEV == XEN_EXDEV, "EXDEV");
_Static_assert(ENODEV == XEN_ENODEV, "ENODEV");
_Static_assert(ENOTDIR == XEN_ENOTDIR, "ENOTDIR");
_Static_assert(EISDIR == XEN_EISDIR, "EISDIR");
_Static_assert(EINVAL == XEN_EINVAL, "EINVAL");
_Static_assert(ENFILE == XEN_ENFILE, "ENFILE");
_Static_assert(EMFILE == XEN_EMFILE, "EMFILE");
_Static_assert(ENOSPC == XEN_ENOSPC, "ENOSPC");
_Static_assert(EROFS == XEN_EROFS, "EROFS");
_Static_assert(EMLINK == XEN_EMLINK, "EMLINK");
_Static_assert(EDOM == XEN_EDOM, "EDOM");
_Static_assert(ERANGE == XEN_ERANGE, "ERANGE");
_Static_assert(EDEADLK == XEN_EDEADLK, "EDEADLK");
_Static_assert(EDEADLOCK == XEN_EDEADLOCK, "EDEADLOCK");
_Static_assert(ENAMETOOLONG == XEN_ENAMETOOLONG, "ENAMETOOLONG");
_Static_assert(ENOLCK == XEN_ENOLCK, "ENOLCK");
_Static_assert(ENOSYS == XEN_ENOSYS, "ENOSYS");
_Static_assert(ENOTEMPTY == XEN_ENOTEMPTY, "ENOTEMPTY");
_Static_assert(ENODATA == XEN_ENODATA, "ENODATA");
_Static_assert(ETIME == XEN_ETIME, "ETIME");
_Static_assert(EBADMSG == XEN_EBADMSG, "EBADMSG");
_Static_assert(EOVERFLOW == XEN_EOVERFLOW, "EOVERFLOW");
_Static_assert(EILSEQ == XEN_EILSEQ, "EILSEQ");
_Static_assert(ENOTSOCK == XEN_ENOTSOCK, "ENOTSOCK");
_Static_assert(EMSGSIZE == XEN_EMSGSIZE, "EMSGSIZE");
_Static_assert(EOPNOTSUPP == XEN_EOPNOTSUPP, "EOPNOTSUPP");
_Static_assert(EADDRINUSE == XEN_EADDRINUSE, "EADDRINUSE");
_Static_assert(EADDRNOTAVAIL == XEN_EADDRNOTAVAIL, "EADDRNOTAVAIL");
_Static_assert(ENOBUFS == XEN_ENOBUFS, "ENOBUFS");
_Static_assert(EISCONN == XEN_EISCONN, "EISCONN");
_Static_assert(ENOTCONN == XEN_ENOTCONN, "ENOTCONN");
_Static_assert(ETIMEDOUT == XEN_ETIMEDOUT, "ETIMEDOUT");
_Static_assert(ECONNREFUSED == XEN_ECONNREFUSED, "ECONNREFUSED");
