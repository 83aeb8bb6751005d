# SPDX-License-Identifier: MIT
# Sourced by events-smp-soak.sh: what a host triple fault under QEMU looks
# like, read from the paused machine through QEMU's human monitor, so that
# one can tell at a glance whether the hypervisor's own state explains it.
#
# The caller defines mon CMD (sends CMD to the monitor of the paused QEMU,
# prints the reply) and calls triple_report ELF INTLOG STATE, where ELF is
# the hypervisor that was booted, INTLOG QEMU's -d int log or empty, and
# STATE a file name for the machine's saved state (deleted after).  The
# report gives:
#   - every CPU's registers (RIP, CR0, CR2, CR3, CR4, EFER, RAX, RSP) and
#     whether its nested paging is on (tr_npt_flags); from the -d int log,
#     the last host-mode exceptions, with their error codes;
# and for each CPU stopped on the instruction after VMRUN:
#   - the VMCB it had just left (RAX after VMRUN): exit code and info, the
#     guest's RIP and CR3, the nested CR3, the event being injected;
#   - the host state VMRUN saved (its VM_HSAVE area), against the CPU's;
#   - the host page-table walk of RIP and of CR2, entry by entry, from
#     memory as it is at the fault;
#   - the walk of the same addresses through that VMCB's nested page
#     table (guest side): what a walk wrongly taken through stage 2 reads;
#   - a verdict: whether memory and the saved state explain the fault.

# Reads the 64-bit word at physical address $1 (hex, no 0x) as 16 hex digits.
tr_xp() {
	mon "xp /1gx 0x$1" | tr -d '\r' |
		awk -v want="$1" '$1 ~ /^[0-9a-f]+:$/ && $2 ~ /^0x/ {
			a = $1; sub(/:$/, "", a); sub(/^0+/, "", a)
			w = want; sub(/^0+/, "", w)
			if (a == w) { v = $2; sub(/^0x/, "", v); print v; exit } }'
}

# Hex arithmetic helpers on 64-bit values.
tr_hex() { printf '%016x' "$(( $1 ))"; }

# Walks the 4-level x86-64 table at root $1 for address $2; prints one line
# per level and sets tr_walk_result to the physical address, or empty when a
# level is not present.  $3 names the walk in the output.
tr_walk() {
	local table=$(( 0x$1 & 0x000ffffffffff000 )) addr=$(( 0x$2 )) name=$3
	local level shift idx e ea
	tr_walk_result=
	for level in 4 3 2 1; do
		shift=$(( 12 + 9 * (level - 1) ))
		idx=$(( (addr >> shift) & 511 ))
		ea=$(tr_hex "table + idx * 8")
		e=$(tr_xp "$ea")
		if [ -z "$e" ]; then
			echo "    $name L$level[$idx] at $ea: unreadable"
			return
		fi
		echo "    $name L$level[$idx] at $ea = $e"
		if (( (0x$e & 1) == 0 )); then
			echo "    $name: not present at level $level"
			return
		fi
		table=$(( 0x$e & 0x000ffffffffff000 ))
		if (( level > 1 && level < 4 && (0x$e & 0x80) )); then
			tr_walk_result=$(tr_hex "(table & ~((1 << shift) - 1)) | (addr & ((1 << shift) - 1))")
			echo "    $name: $(( 1 << (shift - 20) )) MiB page -> $tr_walk_result"
			return
		fi
	done
	tr_walk_result=$(tr_hex "table | (addr & 0xfff)")
	echo "    $name: 4 KiB page -> $tr_walk_result"
}

# Field $2 (e.g. RIP, CR3) of CPU $1 in the saved `info registers -a'.
tr_reg() {
	awk -v cpu="CPU#$1" -v f="$2" '
		/^CPU#/ { on = ($1 == cpu) }
		on { for (i = 1; i <= NF; i++) if (index($i, f "=") == 1) {
			v = substr($i, length(f) + 2); print v; exit } }' "$tr_regs"
}

tr_exit_name() {
	case $(( 0x$1 )) in
	$((0x60))) echo INTR ;; $((0x61))) echo NMI ;; $((0x64))) echo VINTR ;;
	$((0x72))) echo CPUID ;; $((0x74))) echo IRET ;; $((0x78))) echo HLT ;;
	$((0x7b))) echo IOIO ;; $((0x7c))) echo MSR ;; $((0x7f))) echo SHUTDOWN ;;
	$((0x81))) echo VMMCALL ;; $((0x400))) echo NPF ;; *) echo "?" ;;
	esac
}

# Whether each CPU's nested paging is on (QEMU's HF2_NPT_MASK), which no
# monitor command shows: QEMU saves a CPU's nested-paging state in a
# "cpu/svn_npt" subsection of the CPU's migration section exactly while the
# flag is set, so the paused machine is migrated to the file $1 and each
# CPU's section ("cpu", instance id N) is searched for that subsection.
tr_npt_flags() {
	local state=$1 k cpu start end n desc
	tr_npt=()
	mon "migrate \"exec:cat > $state\"" > /dev/null
	for k in $(seq 1 100); do
		mon "info migrate" | grep -q '^Migration status: completed' && break
		sleep 0.2
	done
	if [ ! -s "$state" ]; then
		echo "    (the machine could not be saved: nested-paging flags unknown)"
		return
	fi
	# Offsets of the CPU sections, in instance order, then of the
	# subsection; the JSON description QEMU appends to the stream (from
	# '{"page_size"') names subsections too, so it ends the last section.
	mapfile -t starts < <(LC_ALL=C grep -obUaP '\x03cpu\x00\x00\x00[\x00-\x07]\x00\x00\x00\x0c' "$state" | cut -d: -f1)
	mapfile -t npts < <(LC_ALL=C grep -obUa 'cpu/svn_npt' "$state" | cut -d: -f1)
	desc=$(LC_ALL=C grep -obUa '{"page_size"' "$state" | tail -1 | cut -d: -f1)
	for cpu in "${!starts[@]}"; do
		start=${starts[$cpu]}
		end=${starts[$((cpu + 1))]:-${desc:-$(stat -c %s "$state")}}
		n=0
		for k in "${npts[@]}"; do
			[ "$k" -gt "$start" ] && [ "$k" -lt "$end" ] && n=1
		done
		tr_npt[$cpu]=$n
		echo "    CPU $cpu: nested paging $([ $n -eq 1 ] && echo ON || echo off) (HF2_NPT_MASK, from its saved state)"
	done
	rm -f "$state"
}

triple_report() {
	local elf=$1 intlog=${2:-} tr_state=${3:?} cpu ncpu rip post_vmrun hsave_base
	local vmcb hsave ncr3 cr3 cr2 field off v cv verdict=
	tr_regs=$(mktemp)
	mon "info registers -a" | tr -d '\r' > "$tr_regs"
	post_vmrun=$(objdump -d --no-show-raw-insn "$elf" |
		awk '/<svm_enter>:/ { f = 1 } f && /\tvmrun/ { getline; sub(/:.*/, ""); gsub(/ /, ""); print; exit }')
	hsave_base=$(nm "$elf" | awk '$3 == "host_save_area" { print $1 }')
	ncpu=$(grep -c '^CPU#' "$tr_regs")
	echo "  QEMU paused at the triple fault; $ncpu CPUs; svm_enter resumes after VMRUN at $post_vmrun"
	for cpu in $(seq 0 $((ncpu - 1))); do
		rip=$(tr_reg "$cpu" RIP)
		echo "  CPU $cpu: RIP=$rip CR0=$(tr_reg "$cpu" CR0) CR2=$(tr_reg "$cpu" CR2) CR3=$(tr_reg "$cpu" CR3) CR4=$(tr_reg "$cpu" CR4) EFER=$(tr_reg "$cpu" EFER) RAX=$(tr_reg "$cpu" RAX) RSP=$(tr_reg "$cpu" RSP)"
	done
	tr_npt_flags "$tr_state"
	if [ -n "$intlog" ] && [ -s "$intlog" ]; then
		echo "  the last host-mode exceptions of the -d int log (cpl 0, CS 0x08):"
		grep -E '^ +[0-9]+: v=[0-9a-f]+ e=[0-9a-f]+ i=0 cpl=0 IP=0008:' "$intlog" |
			tail -3 | sed 's/^ */    /'
	fi
	for cpu in $(seq 0 $((ncpu - 1))); do
		rip=$(tr_reg "$cpu" RIP)
		[ $(( 0x$rip )) -eq $(( 0x$post_vmrun )) ] || continue
		echo "  CPU $cpu faulted on the instruction after VMRUN (the first #VMEXIT path)"
		vmcb=$(tr_reg "$cpu" RAX)
		cr3=$(tr_reg "$cpu" CR3)
		cr2=$(tr_reg "$cpu" CR2)
		v=$(tr_xp "$(tr_hex "0x$vmcb + 0x70")")
		echo "    VMCB $vmcb: exit $v ($(tr_exit_name "$v")) info1 $(tr_xp "$(tr_hex "0x$vmcb + 0x78")") info2 $(tr_xp "$(tr_hex "0x$vmcb + 0x80")") intinfo $(tr_xp "$(tr_hex "0x$vmcb + 0x88")") eventinj $(tr_xp "$(tr_hex "0x$vmcb + 0xa8")")"
		ncr3=$(tr_xp "$(tr_hex "0x$vmcb + 0xb0")")
		echo "    guest RIP $(tr_xp "$(tr_hex "0x$vmcb + 0x578")") CR3 $(tr_xp "$(tr_hex "0x$vmcb + 0x550")") CR4 $(tr_xp "$(tr_hex "0x$vmcb + 0x548")") EFER $(tr_xp "$(tr_hex "0x$vmcb + 0x4d0")"); nested CR3 $ncr3"
		hsave=$(tr_hex "0x$hsave_base + $cpu * 4096")
		echo "    VM_HSAVE (host_save_area[$cpu] at $hsave) against the CPU:"
		for field in CR0:558 CR3:550 CR4:548 EFER:4d0; do
			off=${field#*:}
			v=$(tr_xp "$(tr_hex "0x$hsave + 0x$off")")
			cv=$(tr_reg "$cpu" "${field%%:*}")
			if [ $(( 0x$v )) -eq $(( 0x$cv )) ]; then
				echo "      ${field%%:*} $v (same)"
			else
				echo "      ${field%%:*} $v (CPU has $cv: DIFFERS)"
				verdict="the host state VMRUN saved is not what the CPU holds now"
			fi
		done
		echo "    host walk (CR3 $cr3):"
		tr_walk "$cr3" "$rip" "RIP $rip"
		[ -n "$tr_walk_result" ] || verdict=${verdict:-"the host page tables in memory do not map RIP: the hypervisor's own bug"}
		tr_walk "$cr3" "$cr2" "CR2 $cr2"
		echo "    the same through the nested page table (guest side, nCR3 $ncr3):"
		tr_walk "$ncr3" "$(tr_hex "0x$cr3 & ~0xfff")" "GPA of host CR3"
		if [ -n "$tr_walk_result" ]; then
			echo "    host PML4[$(( (0x$rip >> 39) & 511 ))] read through stage 2: $(tr_xp "$(tr_hex "0x$tr_walk_result + ((0x$rip >> 39) & 511) * 8")")"
		fi
		tr_walk "$ncr3" "$rip" "GPA $rip"
		if [ "${tr_npt[$cpu]:-0}" = 1 ]; then
			verdict=${verdict:-"nested paging still on in host mode after #VMEXIT, so the host walk went through the guest's nested table: the emulator's (see docs/emulators.md)"}
		fi
		verdict=${verdict:-"memory maps RIP and the saved host state matches, yet the CPU's walk failed: the emulator's"}
	done
	echo "  verdict: ${verdict:-no CPU stopped right after VMRUN: not the known fault, read the registers above}"
	rm -f "$tr_regs"
}
