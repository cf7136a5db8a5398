//! A scratch directory for the files a test reads (key files, room configurations),
//! removed when dropped, so a failing assertion leaves nothing behind. Standard library
//! only: the command-line tool's test, in the root package without the tests' dependencies,
//! includes it by path as the tests' own binaries do.

use std::path::PathBuf;

pub struct TempDir(PathBuf);

impl TempDir {
    /// `name` keeps the directories of one binary's tests apart; the process id keeps
    /// concurrent runs apart.
    pub fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("lkat-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    /// Writes `file` and returns its path.
    pub fn write(&self, file: &str, text: &str) -> String {
        let path = self.0.join(file);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    }

    /// Sets `file`'s permission bits: key files are refused when others have any access.
    #[cfg(unix)]
    pub fn set_mode(&self, file: &str, mode: u32) {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(self.0.join(file), std::fs::Permissions::from_mode(mode)).unwrap();
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
