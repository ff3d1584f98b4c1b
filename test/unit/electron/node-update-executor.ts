import type { OutgoingHttpHeaders } from 'node:http';
import type { RequestOptions } from 'node:https';
import { NodeHttpExecutor } from 'builder-util';
import type { DownloadOptions } from 'builder-util-runtime';
import { configureRequestOptions, configureRequestUrl } from 'builder-util-runtime';

/**
 * electron-updater downloads through Electron's `net` (ElectronHttpExecutor), absent without
 * Electron. This is the same `download` over Node's http, on builder-util's Node executor: the
 * feed, the streaming, the progress and the sha512 check stay electron-updater's.
 */
export class NodeUpdateExecutor extends NodeHttpExecutor {
  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions: RequestOptions = {
        headers: (options.headers ?? undefined) as OutgoingHttpHeaders | undefined,
      };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(
        requestOptions,
        {
          destination,
          options,
          onCancel,
          callback: (error) => (error == null ? resolve(destination) : reject(error)),
          responseHandler: null,
        },
        0,
      );
    });
  }
}
