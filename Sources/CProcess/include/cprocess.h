// CProcess: the Linux process calls Swift cannot import directly (prctl is variadic).
#ifndef CPROCESS_H
#define CPROCESS_H

/// Asks the kernel to send `signal` to this process when the thread that started it exits
/// (prctl(PR_SET_PDEATHSIG)); returns 0 on success, -1 where unsupported.
int cprocess_die_with_parent(int signal);

#endif
