/**
 * A seccomp filter (classic BPF, the format `bwrap --seccomp FD` reads) that refuses, with EPERM, the
 * system calls an analysis script has no use for and that are the usual way into kernel bugs: io_uring,
 * bpf, userfaultfd, perf events, keyrings, ptrace, mounting, namespaces, modules. The namespaces and the
 * dropped capabilities already make most of them fail; the filter closes the kernel code paths too.
 * x86_64 only (the numbers are the architecture's); elsewhere the sandbox runs without it.
 */

const deniedX64: Readonly<Record<string, number>> = {
  ptrace: 101,
  syslog: 103,
  uselib: 134,
  vhangup: 153,
  pivot_root: 155,
  adjtimex: 159,
  chroot: 161,
  acct: 163,
  settimeofday: 164,
  mount: 165,
  umount2: 166,
  swapon: 167,
  swapoff: 168,
  reboot: 169,
  iopl: 172,
  ioperm: 173,
  create_module: 174,
  init_module: 175,
  delete_module: 176,
  get_kernel_syms: 177,
  query_module: 178,
  quotactl: 179,
  nfsservctl: 180,
  lookup_dcookie: 212,
  clock_settime: 227,
  kexec_load: 246,
  add_key: 248,
  request_key: 249,
  keyctl: 250,
  unshare: 272,
  perf_event_open: 298,
  fanotify_init: 300,
  name_to_handle_at: 303,
  open_by_handle_at: 304,
  setns: 308,
  process_vm_readv: 310,
  process_vm_writev: 311,
  finit_module: 313,
  kexec_file_load: 320,
  bpf: 321,
  userfaultfd: 323,
  io_uring_setup: 425,
  io_uring_enter: 426,
  io_uring_register: 427,
  open_tree: 428,
  move_mount: 429,
  fsopen: 430,
  fsconfig: 431,
  fsmount: 432,
  fspick: 433,
  mount_setattr: 442,
};

/** The names of the refused system calls, for the documentation and the tests. */
export const deniedSystemCalls: readonly string[] = Object.keys(deniedX64);

// linux/filter.h, linux/seccomp.h, linux/audit.h
const BPF_LD_W_ABS = 0x20;
const BPF_JMP_JEQ_K = 0x15;
const BPF_JMP_JGE_K = 0x35;
const BPF_RET_K = 0x06;
const SECCOMP_RET_ALLOW = 0x7fff0000;
const SECCOMP_RET_ERRNO = 0x00050000;
const EPERM = 1;
const ENOSYS = 38;
const AUDIT_ARCH_X86_64 = 0xc000003e;
const X32_SYSCALL_BIT = 0x40000000;
const offsetOfNr = 0;
const offsetOfArch = 4;

interface Instruction {
  readonly code: number;
  readonly jt: number;
  readonly jf: number;
  readonly k: number;
}

/** The filter for this machine, or null where there is none (not x86_64). */
export function seccompFilter(arch: string = process.arch): Buffer | null {
  if (arch !== 'x64') return null;
  const numbers = Object.values(deniedX64);
  const program: Instruction[] = [
    { code: BPF_LD_W_ABS, jt: 0, jf: 0, k: offsetOfArch },
    // Another ABI (i386 through int 0x80): refuse every call rather than check numbers that differ.
    { code: BPF_JMP_JEQ_K, jt: 1, jf: 0, k: AUDIT_ARCH_X86_64 },
    { code: BPF_RET_K, jt: 0, jf: 0, k: SECCOMP_RET_ERRNO | ENOSYS },
    { code: BPF_LD_W_ABS, jt: 0, jf: 0, k: offsetOfNr },
    // The x32 ABI shares the architecture value and sets this bit: refuse it as a whole.
    { code: BPF_JMP_JGE_K, jt: numbers.length + 1, jf: 0, k: X32_SYSCALL_BIT },
    // Each denied number jumps to the EPERM return at the end; the last comparison falls through to allow.
    ...numbers.map((nr, i) => ({ code: BPF_JMP_JEQ_K, jt: numbers.length - i, jf: 0, k: nr })),
    { code: BPF_RET_K, jt: 0, jf: 0, k: SECCOMP_RET_ALLOW },
    { code: BPF_RET_K, jt: 0, jf: 0, k: SECCOMP_RET_ERRNO | EPERM },
  ];
  const buffer = Buffer.alloc(program.length * 8);
  program.forEach((ins, i) => {
    buffer.writeUInt16LE(ins.code, i * 8);
    buffer.writeUInt8(ins.jt, i * 8 + 2);
    buffer.writeUInt8(ins.jf, i * 8 + 3);
    buffer.writeUInt32LE(ins.k, i * 8 + 4);
  });
  return buffer;
}
