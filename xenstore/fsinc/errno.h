/* SPDX-License-Identifier: MIT */
/* The errno values the xenstore core uses: Xen's, which are Linux's. */
#ifndef XENSTORE_FSINC_ERRNO_H
#define XENSTORE_FSINC_ERRNO_H
#define EPERM	  1
#define ENOENT	  2
#define EIO	  5
#define E2BIG	  7
#define EAGAIN	  11
#define ENOMEM	  12
#define EACCES	  13
#define EBUSY	  16
#define EEXIST	  17
#define EISDIR	  21
#define EINVAL	  22
#define ENOSPC	  28
#define EROFS	  30
#define ENOSYS	  38
#define ENOTEMPTY 39
#define EISCONN	  106
#endif
