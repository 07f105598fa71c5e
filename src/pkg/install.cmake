# What `cmake --install` puts where (GNU directory names; see docs/install.md):
#   bin/infochart                         the program
#   LIBDIR/libinfochart.so.* and .a       the library (shared with SONAME, static)
#   include/infochart.h                   its only header
#   LIBDIR/pkgconfig/infochart.pc         for pkg-config
#   LIBDIR/cmake/infochart/               for find_package(infochart CONFIG)
#   share/infochart/fonts/                the bundled fonts and their licences
#   share/infochart/schema/               the spec's JSON Schemas (when there are)
#   share/man/man1/infochart.1, man5/infochart-spec.5
#   share/bash-completion/completions/infochart
#   share/doc/infochart/*.md
include(CMakePackageConfigHelpers)

install(TARGETS infochart RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS infochart_shared infochart_static EXPORT infochartTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES ${PROJECT_SOURCE_DIR}/include/infochart.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

# The pkg-config modules the library is built with, as given to
# pkg_check_modules(DEPS ...) (the cache entry FindPkgConfig keeps of its
# arguments, without the options), so that the .pc file and the CMake
# package ask for exactly what the build used.
set(IC_PKG_MODULES)
foreach(arg IN LISTS __pkg_config_arguments_DEPS)
  if(NOT arg MATCHES "^(REQUIRED|QUIET|IMPORTED_TARGET|GLOBAL|NO_CMAKE_PATH|NO_CMAKE_ENVIRONMENT_PATH)$")
    list(APPEND IC_PKG_MODULES "${arg}")
  endif()
endforeach()
if(NOT IC_PKG_MODULES)
  message(FATAL_ERROR "infochart: cannot tell the pkg-config modules of the build")
endif()
list(JOIN IC_PKG_MODULES " " IC_PC_REQUIRES_PRIVATE)
set(IC_PC_LIBS_PRIVATE "-lcsv -lm -pthread")
foreach(lib IN LISTS CMAKE_DL_LIBS)
  string(APPEND IC_PC_LIBS_PRIVATE " -l${lib}")
endforeach()

# The .pc file names its directories relative to its own place (pcfiledir),
# so it stays right with `cmake --install --prefix P`, DESTDIR and a moved
# tree. Absolute install directories (a distribution's choice) are kept.
set(IC_PC_DIR "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
if(IS_ABSOLUTE "${IC_PC_DIR}")
  set(IC_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH rel "${CMAKE_INSTALL_PREFIX}/${IC_PC_DIR}" "${CMAKE_INSTALL_PREFIX}")
  string(REGEX REPLACE "/$" "" rel "${rel}")
  set(IC_PC_PREFIX "\${pcfiledir}/${rel}")
endif()
foreach(dir LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${dir}}")
    set(IC_PC_${dir} "${CMAKE_INSTALL_${dir}}")
  else()
    set(IC_PC_${dir} "\${prefix}/${CMAKE_INSTALL_${dir}}")
  endif()
endforeach()
configure_file(${CMAKE_CURRENT_LIST_DIR}/infochart.pc.in ${PROJECT_BINARY_DIR}/infochart.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/infochart.pc DESTINATION ${IC_PC_DIR})

# The CMake package: infochart::infochart (shared) and
# infochart::infochart_static, whose dependencies the config file finds.
set(IC_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/infochart")
install(EXPORT infochartTargets NAMESPACE infochart:: DESTINATION ${IC_CMAKE_DIR})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/infochartConfig.cmake.in
  ${PROJECT_BINARY_DIR}/infochartConfig.cmake INSTALL_DESTINATION ${IC_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/infochartConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/infochartConfig.cmake ${PROJECT_BINARY_DIR}/infochartConfigVersion.cmake
  DESTINATION ${IC_CMAKE_DIR})

# Data: fonts (with their licences), schemas, man pages, completion, docs.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/fonts/ DESTINATION ${IC_FONTS_INSTALL_DIR}
  FILES_MATCHING PATTERN "*.otf" PATTERN "*.ttf" PATTERN "LICENSE*" PATTERN "README*")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/schema/ DESTINATION ${CMAKE_INSTALL_DATADIR}/infochart/schema
  OPTIONAL FILES_MATCHING PATTERN "*.json")
install(FILES ${PROJECT_SOURCE_DIR}/docs/man/infochart.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/docs/man/infochart-spec.5 DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)
install(FILES ${PROJECT_SOURCE_DIR}/src/cli/infochart.bash-completion
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME infochart)
file(GLOB IC_DOC_FILES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/*.md)
install(FILES ${IC_DOC_FILES} DESTINATION ${CMAKE_INSTALL_DOCDIR})
