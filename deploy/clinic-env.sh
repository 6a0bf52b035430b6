# Sourced by deploy/manage and deploy/backup: exports the site's environment file, CLINIC_ENV_FILE (default
# /etc/clinic/clinic.env), read line by line as systemd's EnvironmentFile reads it: NAME=value, the value as
# written (spaces and <> included), blank lines and # comments skipped. The file itself is never run by the shell.
clinic_env_file=${CLINIC_ENV_FILE:-/etc/clinic/clinic.env}
if [ ! -r "$clinic_env_file" ]; then
    echo "$0: cannot read $clinic_env_file (set CLINIC_ENV_FILE, or run as the clinic user)" >&2
    exit 2
fi
while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
        '' | '#'*) continue ;;
        [A-Za-z_]*=*) export "$line" ;;
        *) echo "$0: $clinic_env_file: not NAME=value: $line" >&2; exit 2 ;;
    esac
done < "$clinic_env_file"
